#!/usr/bin/env bash
# Prepares this machine (Debian 12, root) for docker-flow's tests, demo and benchmarks:
# installs the missing Debian packages, keeps Debian's own HAProxy service from holding :80,
# and starts dockerd in the background when no engine answers. Idempotent; stops nothing.
set -euo pipefail

packages=(docker.io haproxy busybox-static docker-registry apache2-utils openssh-server wrk hey openssl iproute2 procps ca-certificates)
dockerd_log=/tmp/docker-flow-dockerd.log
dockerd_wait_s=${DOCKER_FLOW_DOCKERD_WAIT_S:-60}

step() { printf 'setup-machine: %s\n' "$*"; }
fail() { printf 'setup-machine: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (apt-get and dockerd need it): sudo bash scripts/setup-machine.sh"

# 1. Packages: only the missing ones; one apt-get update.
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  step "packages: all ${#packages[@]} present (${packages[*]})"
else
  step "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep apt from starting services (dockerd, haproxy): we start what we need ourselves.
  created_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=true
  fi
  restore_policy() { if [ "$created_policy" = true ]; then rm -f /usr/sbin/policy-rc.d; fi; }
  trap restore_policy EXIT
  apt-get update -qq </dev/null
  apt-get install -y -qq -o Dpkg::Options::=--force-confold "${missing[@]}" </dev/null >/tmp/docker-flow-apt.log 2>&1 \
    || { tail -n 30 /tmp/docker-flow-apt.log >&2; fail "apt-get install failed (full log: /tmp/docker-flow-apt.log)"; }
  restore_policy
  trap - EXIT
  step "packages: installed ${missing[*]}"
fi

# 2. Debian's haproxy service must not run: docker-flow runs its own HAProxy processes on :80.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl disable --now haproxy.service >/dev/null 2>&1 || true
fi
if [ -x /etc/init.d/haproxy ] && command -v update-rc.d >/dev/null; then
  update-rc.d haproxy disable >/dev/null 2>&1 || true
fi
stopped=none
if [ -s /run/haproxy.pid ]; then
  for pid in $(tr -s ' \n' ' ' </run/haproxy.pid); do
    # Only the service's process (its config is /etc/haproxy/haproxy.cfg), never anyone else's.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q '/etc/haproxy/haproxy.cfg'; then
      kill "$pid" 2>/dev/null && stopped=$pid
    fi
  done
  rm -f /run/haproxy.pid
fi
step "haproxy service: disabled (stopped pid: $stopped)"

# 3. Docker engine: reuse one that answers, else start dockerd in the background.
if docker info >/dev/null 2>&1; then
  step "docker: engine answers ($(docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null))"
else
  step "docker: starting dockerd (log: $dockerd_log)"
  # setsid: dockerd outlives this script and the session that ran it (CI, a terminal).
  setsid dockerd >"$dockerd_log" 2>&1 </dev/null &
  deadline=$((SECONDS + dockerd_wait_s))
  until docker info >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "--- last lines of $dockerd_log ---" >&2
      tail -n 30 "$dockerd_log" >&2 || true
      fail "dockerd did not answer 'docker info' within ${dockerd_wait_s}s; see $dockerd_log"
    fi
    sleep 0.5
  done
  step "docker: engine answers ($(docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}'))"
fi

# 4. Tools the scripts and tests rely on.
for tool in docker haproxy busybox docker-registry htpasswd sshd ssh-keygen wrk hey openssl ip nsenter flock node; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH after installing packages"
done
step "tools: docker haproxy busybox docker-registry htpasswd sshd ssh-keygen wrk hey openssl ip nsenter flock node found"
step "done"
