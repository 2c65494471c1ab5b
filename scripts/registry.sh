#!/usr/bin/env bash
# A real Docker registry (Debian's docker-registry, Distribution 2.8) for tests and the demo.
#   scripts/registry.sh up       start it on :5000 (storage /tmp/docker-flow-registry/data), wait for /v2/
#   scripts/registry.sh down     stop it by its pid (images stay stored for the next `up`)
#   scripts/registry.sh status   say whether it runs; exit 0 when it answers, 3 when not
# The root namespace's engine pushes and pulls as 127.0.0.1:5000/<name>; engines in simulated
# hosts (scripts/hosts.sh) reach it at 10.77.0.1:5000 (they run with --insecure-registry).
set -euo pipefail

dir=/tmp/docker-flow-registry
config=$dir/config.yml
pidfile=$dir/registry.pid
log=$dir/registry.log
url=http://127.0.0.1:5000/v2/
wait_s=30

say() { printf 'registry: %s\n' "$*"; }
fail() { printf 'registry: %s\n' "$*" >&2; exit 1; }

answers() { busybox wget -q -O /dev/null "$url" 2>/dev/null; }
our_pid() {
  local pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -d "/proc/$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'docker-registry serve' || return 1
  echo "$pid"
}

write_config() {
  mkdir -p "$dir/data"
  cat >"$config" <<YAML
version: 0.1
log:
  level: info
  formatter: text
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
YAML
}

cmd_up() {
  local pid deadline
  command -v docker-registry >/dev/null || fail "docker-registry not found; run scripts/setup-machine.sh"
  if pid=$(our_pid); then
    answers && { say "already running (pid $pid) at $url"; return 0; }
  elif answers; then
    say "a registry not started by this script already answers at $url; using it"
    return 0
  fi
  write_config
  setsid docker-registry serve "$config" >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  deadline=$((SECONDS + wait_s))
  until answers; do
    # kill -0, not our_pid: right after the fork the child's command line is still this script's
    # until it execs docker-registry, and a busy machine showed that window as "exited at start".
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      fail "docker-registry exited at start; see $log"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$log" >&2; fail "no answer at $url after ${wait_s}s; see $log"; }
    sleep 0.2
  done
  say "up (pid $(cat "$pidfile")) at $url, from simulated hosts at http://10.77.0.1:5000/v2/, storage $dir/data, log $log"
}

cmd_down() {
  local pid deadline
  if ! pid=$(our_pid); then
    rm -f "$pidfile"
    say "not running"
    return 0
  fi
  kill "$pid"
  deadline=$((SECONDS + 10))
  while [ -d "/proc/$pid" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { kill -KILL "$pid" 2>/dev/null || true; break; }
    sleep 0.1
  done
  rm -f "$pidfile"
  say "stopped (pid $pid); images stay in $dir/data"
}

cmd_status() {
  local pid
  if pid=$(our_pid) && answers; then
    say "running (pid $pid) at $url; repositories: $(busybox wget -q -O- "${url}_catalog" 2>/dev/null || echo '?')"
  elif answers; then
    say "a registry not started by this script answers at $url"
  else
    say "not running"
    return 3
  fi
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: scripts/registry.sh up|down|status" >&2; exit 2 ;;
esac
