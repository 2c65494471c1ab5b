#!/usr/bin/env bash
# Builds the local test images with `docker import` (no registry, no Docker Hub) from root
# filesystems made of static busybox and host binaries. An image whose label
# io.docker-flow.recipe equals the hash of its recipe is skipped, so re-runs take a second.
#
#   scripts/build-images.sh                  # build what is missing or out of date
#   scripts/build-images.sh --force          # rebuild everything
#   scripts/build-images.sh docker-flow-demo:v1 docker-flow-haproxy:2.6   # only these
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
images=$here/images
# shellcheck source-path=SCRIPTDIR source=images/lib.sh
source "$images/lib.sh"

force=false
only=()
for arg in "$@"; do
  case $arg in
    --force) force=true ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "build-images: unknown option $arg (accepted: --force, image refs)" >&2; exit 2 ;;
    *) only+=("$arg") ;;
  esac
done

for tool in docker tar flock ldd; do
  command -v "$tool" >/dev/null || { echo "build-images: $tool not found; run scripts/setup-machine.sh" >&2; exit 1; }
done
for binary in /bin/busybox /usr/bin/node /usr/sbin/haproxy; do
  [ -x "$binary" ] || { echo "build-images: $binary not found; run scripts/setup-machine.sh" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "build-images: no Docker engine answers; run scripts/setup-machine.sh" >&2; exit 1; }

# One build at a time on this machine (parallel test runs all call this script).
exec 9>/tmp/docker-flow-build-images.lock
flock 9

work=$(mktemp -d /tmp/docker-flow-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

health='--interval=1s --timeout=3s --retries=3 --start-period=1s'
fp_busybox=$(binaries_fingerprint /bin/busybox)
fp_node=$(binaries_fingerprint /usr/bin/node)
fp_haproxy=$(binaries_fingerprint /usr/sbin/haproxy)

# --- root filesystems ----------------------------------------------------------------------
# demo_rootfs DIR FIRST_LINE: the busybox HTTP app; FIRST_LINE heads every page.
demo_rootfs() {
  rootfs_skeleton "$1"
  rootfs_busybox "$1"
  install -m 0755 "$images/demo/demo-server" "$images/demo/demo-http" "$1/bin/"
  printf '%s\n' "$2" >"$1/etc/demo-version"
  printf 'healthy\n' >"$1/etc/demo-health"
}

# demo_unhealthy_rootfs DIR FIRST_LINE: the same app whose /health answers 500.
demo_unhealthy_rootfs() {
  demo_rootfs "$1" "$2"
  printf 'unhealthy\n' >"$1/etc/demo-health"
}

# fastapp_rootfs DIR VERSION: node, its libraries, the server script. No npm, no node_modules.
fastapp_rootfs() {
  rootfs_skeleton "$1"
  rootfs_busybox "$1"
  rootfs_binary "$1" /usr/bin/node
  mkdir -p "$1/app"
  install -m 0644 "$images/fastapp/server.js" "$1/app/"
  printf '%s\n' "$2" >"$1/app/version"
}

# haproxy_rootfs DIR -: haproxy, its libraries, busybox for `docker exec`, a default config.
haproxy_rootfs() {
  rootfs_skeleton "$1"
  rootfs_busybox "$1"
  rootfs_binary "$1" /usr/sbin/haproxy
  mkdir -p "$1/usr/local/etc/haproxy" "$1/run/haproxy" "$1/var/lib/haproxy"
  install -m 0644 "$images/haproxy/haproxy.cfg" "$1/usr/local/etc/haproxy/haproxy.cfg"
}

# --- one image -----------------------------------------------------------------------------
# build_image REF RECIPE FINGERPRINT BUILDER BUILDER_ARG STOP_SIGNAL CHANGE...
# (STOP_SIGNAL empty: SIGTERM, Docker's default)
built=0
skipped=0
build_image() {
  local ref=$1 recipe=$2 fingerprint=$3 builder=$4 builder_arg=$5 stop_signal=$6
  shift 6
  if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qxF "$ref"; then return 0; fi
  local hash old_id start_ns dir id size_mb elapsed
  hash=$(recipe_hash "$images/$recipe" "$images/lib.sh" "$here/build-images.sh" -- \
    "$ref" "$builder_arg" "$fingerprint" "$stop_signal" "$@")
  if [ "$force" = false ] && [ "$(image_recipe_label "$ref")" = "$hash" ]; then
    printf '%-28s up to date (recipe %s)\n' "$ref" "${hash:0:12}"
    skipped=$((skipped + 1))
    return 0
  fi
  start_ns=$(date +%s%N)
  old_id=$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)
  dir=$work/${ref//[:\/]/_}
  "$builder" "$dir" "$builder_arg"
  import_rootfs "$dir" "$ref" "$stop_signal" "$@" "LABEL io.docker-flow.recipe=$hash" "LABEL io.docker-flow.test-image=true"
  rm -rf "$dir"
  id=$(docker image inspect -f '{{.Id}}' "$ref")
  if [ -n "$old_id" ] && [ "$old_id" != "$id" ]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true   # still used by a container: leave it
  fi
  size_mb=$(docker image inspect -f '{{.Size}}' "$ref" | awk '{ printf "%.1f", $1 / 1048576 }')
  elapsed=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  printf '%-28s built in %d.%03ds, %s MB (recipe %s)\n' "$ref" $((elapsed / 1000)) $((elapsed % 1000)) "$size_mb" "${hash:0:12}"
  built=$((built + 1))
}

demo_http='EXPOSE 8080'
demo_cmd='CMD ["/bin/demo-server"]'
# (busybox wget -T segfaults in Debian's static build; Docker enforces --timeout itself)
demo_health="HEALTHCHECK $health CMD wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1"
total_start=$(date +%s)

build_image docker-flow-demo:v1 demo "$fp_busybox" demo_rootfs 'version: v1' '' \
  "$demo_http" "$demo_cmd" "$demo_health"
build_image docker-flow-demo:v2 demo "$fp_busybox" demo_rootfs 'version: v2' '' \
  "$demo_http" "$demo_cmd" "$demo_health"
build_image docker-flow-demo:unhealthy demo "$fp_busybox" demo_unhealthy_rootfs 'version: unhealthy' '' \
  "$demo_http" "$demo_cmd" "$demo_health"
build_image docker-flow-demo:exits demo "$fp_busybox" demo_rootfs 'version: exits' '' \
  "$demo_http" "$demo_health" \
  'CMD ["/bin/sh","-c","echo \"docker-flow-demo:exits: exiting with status 1 on purpose\" >&2; exit 1"]'
build_image docker-flow-demo:nohealth demo "$fp_busybox" demo_rootfs 'version: v3' '' \
  "$demo_http" "$demo_cmd"
# For stepped canaries: a release that answers 500 to a share of requests, and one that is slow
# (both set by environment variables the compose file may override).
build_image docker-flow-demo:flaky demo "$fp_busybox" demo_rootfs 'version: flaky' '' \
  "$demo_http" "$demo_cmd" "$demo_health" 'ENV DEMO_FAIL_PERCENT=20'
build_image docker-flow-demo:slow demo "$fp_busybox" demo_rootfs 'version: slow' '' \
  "$demo_http" "$demo_cmd" "$demo_health" 'ENV DEMO_DELAY_MS=200'
build_image docker-flow-side:v1 demo "$fp_busybox" demo_rootfs 'side: v1' '' \
  "$demo_http" "$demo_cmd" "$demo_health"

# The health check is busybox wget, as the demo's: a Node process per check (every second, per
# instance) took more CPU than the app itself and showed up in the benchmarks' figures.
fast_changes=('EXPOSE 8080' 'WORKDIR /app' 'CMD ["/usr/bin/node","/app/server.js"]' "$demo_health")
build_image docker-flow-fastapp:v1 fastapp "$fp_node $fp_busybox" fastapp_rootfs v1 '' "${fast_changes[@]}"
build_image docker-flow-fastapp:v2 fastapp "$fp_node $fp_busybox" fastapp_rootfs v2 '' "${fast_changes[@]}"

build_image docker-flow-haproxy:2.6 haproxy "$fp_haproxy $fp_busybox" haproxy_rootfs - SIGUSR1 \
  'EXPOSE 80' \
  'CMD ["/usr/sbin/haproxy","-W","-db","-f","/usr/local/etc/haproxy/haproxy.cfg"]'

# Earlier builds that containers still used when they were replaced: remove the unused ones.
docker image prune -f --filter label=io.docker-flow.test-image=true >/dev/null 2>&1 || true

echo "build-images: $built built, $skipped up to date, in $(( $(date +%s) - total_start ))s"
