# shellcheck shell=bash
# Shared helpers for scripts/build-images.sh: root filesystems made of static busybox, host
# binaries with the libraries `ldd` lists, and `docker import`. Sourced, never run.

# rootfs_skeleton DIR: the folders and files every image gets.
rootfs_skeleton() {
  local dir=$1
  mkdir -p "$dir"/{bin,etc,tmp,root,run,var/tmp}
  chmod 1777 "$dir/tmp" "$dir/var/tmp"
  ln -sfn ../run "$dir/var/run"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
}

# rootfs_busybox DIR: /bin/busybox (static) and a link for every applet it has.
rootfs_busybox() {
  local dir=$1 applet
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
  done
}

# rootfs_binary DIR PATH: copies a dynamically linked binary and every library `ldd` lists,
# at the same paths (symlinks resolved, so /lib64/ld-linux-x86-64.so.2 is a real file).
rootfs_binary() {
  local dir=$1 binary=$2 lib
  cp --parents -L "$binary" "$dir/"
  for lib in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    cp --parents -L "$lib" "$dir/"
  done
}

# binaries_fingerprint PATH...: size and mtime of the binaries and their libraries, so a
# package upgrade changes the recipe hash without reading 100 MB on every run.
binaries_fingerprint() {
  local binary
  for binary in "$@"; do
    # shellcheck disable=SC2046 # one word per library path
    stat -L -c '%n %s %Y' "$binary" $(ldd "$binary" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
  done
}

# recipe_hash FILE_OR_DIR... -- EXTRA...: sha256 over the names and bytes of the recipe files
# plus extra strings (tag parameters, binary fingerprints).
recipe_hash() {
  local paths=() extra=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do paths+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  extra=("$@")
  {
    find "${paths[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    printf '%s\n' "${extra[@]}"
  } | sha256sum | cut -c1-32
}

# image_recipe_label REF: the io.docker-flow.recipe label of a local image, empty when absent.
image_recipe_label() {
  docker image inspect -f '{{index .Config.Labels "io.docker-flow.recipe"}}' "$1" 2>/dev/null || true
}

# import_rootfs DIR REF STOP_SIGNAL CHANGE...: tars DIR (numeric owners) into `docker import`
# with the given --change instructions. `docker import` refuses STOPSIGNAL, so a non-empty
# STOP_SIGNAL is set by creating (not starting) a container with --stop-signal from the import
# and committing it: the image then has one empty layer more and the same configuration.
import_rootfs() {
  local dir=$1 ref=$2 stop_signal=$3 change args=() base container
  shift 3
  for change in "$@"; do args+=(--change "$change"); done
  if [ -z "$stop_signal" ]; then
    tar --numeric-owner -C "$dir" -c . | docker import "${args[@]}" --message "docker-flow test image $ref" - "$ref" >/dev/null
    return
  fi
  base=$(tar --numeric-owner -C "$dir" -c . | docker import "${args[@]}" --message "docker-flow test image $ref" -)
  container=$(docker create --pull=never --stop-signal "$stop_signal" "$base")
  docker commit --message "docker-flow test image $ref (stop signal $stop_signal)" "$container" "$ref" >/dev/null
  docker rm "$container" >/dev/null
}
