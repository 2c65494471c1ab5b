#!/usr/bin/env bash
# Real Docker registries (Debian's docker-registry, Distribution 2.8) for tests and the demo:
#   open   :5000            no login; storage /tmp/docker-flow-registry/data
#   login  127.0.0.1:5001   htpasswd (basic) login: user docker-flow-test, a password made at the
#                           first start, kept in /tmp/docker-flow-registry/login/credentials (mode 600,
#                           "user:password"); storage /tmp/docker-flow-registry/login/data
#   scripts/registry.sh up       start both (idempotent), wait for each /v2/
#   scripts/registry.sh down     stop both by their pids (images stay stored for the next `up`)
#   scripts/registry.sh status   say whether they run; exit 0 when both answer, 3 when not
# The root namespace's engine pushes and pulls as 127.0.0.1:5000/<name> (and 127.0.0.1:5001/<name>
# after a login); engines in simulated hosts (scripts/hosts.sh) reach the open one at
# 10.77.0.1:5000 (they run with --insecure-registry). Docker talks plain HTTP to 127.0.0.0/8.
set -euo pipefail

base=/tmp/docker-flow-registry
login_user=docker-flow-test
wait_s=30

say() { printf 'registry: %s\n' "$*"; }
fail() { printf 'registry: %s\n' "$*" >&2; exit 1; }

# instance NAME: sets dir, addr, url, pidfile, log for the open or the login registry.
instance() {
  case $1 in
    open) dir=$base addr=:5000 url=http://127.0.0.1:5000/v2/ ;;
    login) dir=$base/login addr=127.0.0.1:5001 url=http://127.0.0.1:5001/v2/ ;;
  esac
  pidfile=$dir/registry.pid
  log=$dir/registry.log
}

# answers: /v2/ answers 200 (open) or 401 (login); busybox wget fails on both, so ask for the status.
answers() {
  local status
  status=$(busybox wget -S -q -O /dev/null "$url" 2>&1 | awk '/HTTP\//{print $2; exit}') || true
  [ "$status" = 200 ] || [ "$status" = 401 ]
}
our_pid() {
  local pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -d "/proc/$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "docker-registry serve $dir/config.yml" || return 1
  echo "$pid"
}

write_config() {
  local name=$1
  mkdir -p "$dir/data"
  {
    printf 'version: 0.1\nlog:\n  level: info\n  formatter: text\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s/data\n  delete:\n    enabled: true\n' "$dir"
    printf 'http:\n  addr: %s\n  headers:\n    X-Content-Type-Options: [nosniff]\n' "$addr"
    if [ "$name" = login ]; then printf 'auth:\n  htpasswd:\n    realm: docker-flow-test\n    path: %s/htpasswd\n' "$dir"; fi
  } >"$dir/config.yml"
  if [ "$name" = login ] && [ ! -s "$dir/credentials" ]; then
    command -v htpasswd >/dev/null || fail "htpasswd not found (package apache2-utils); run scripts/setup-machine.sh"
    local password
    password=$(openssl rand -hex 16)
    (umask 077 && printf '%s:%s\n' "$login_user" "$password" >"$dir/credentials")
    # Distribution reads bcrypt only
    htpasswd -Bbn "$login_user" "$password" >"$dir/htpasswd"
  fi
}

start() {
  local name=$1 pid deadline
  instance "$name"
  if pid=$(our_pid); then
    answers && { say "$name: already running (pid $pid) at $url"; return 0; }
  elif answers; then
    say "$name: a registry not started by this script already answers at $url; using it"
    return 0
  fi
  write_config "$name"
  setsid docker-registry serve "$dir/config.yml" >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  deadline=$((SECONDS + wait_s))
  until answers; do
    # kill -0, not our_pid: right after the fork the child's command line is still this script's
    # until it execs docker-registry, and a busy machine showed that window as "exited at start".
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      fail "$name: docker-registry exited at start; see $log"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$log" >&2; fail "$name: no answer at $url after ${wait_s}s; see $log"; }
    sleep 0.2
  done
  say "$name: up (pid $pid) at $url, storage $dir/data, log $log"
}

stop() {
  local name=$1 pid deadline
  instance "$name"
  if ! pid=$(our_pid); then
    rm -f "$pidfile"
    say "$name: not running"
    return 0
  fi
  kill "$pid"
  deadline=$((SECONDS + 10))
  while [ -d "/proc/$pid" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { kill -KILL "$pid" 2>/dev/null || true; break; }
    sleep 0.1
  done
  rm -f "$pidfile"
  say "$name: stopped (pid $pid); images stay in $dir/data"
}

report() {
  local name=$1 pid
  instance "$name"
  if pid=$(our_pid) && answers; then
    say "$name: running (pid $pid) at $url"
  elif answers; then
    say "$name: a registry not started by this script answers at $url"
  else
    say "$name: not running"
    return 3
  fi
}

cmd_up() {
  command -v docker-registry >/dev/null || fail "docker-registry not found; run scripts/setup-machine.sh"
  start open
  start login
  say "from simulated hosts: http://10.77.0.1:5000/v2/; login registry credentials: $base/login/credentials"
}
cmd_down() { stop login; stop open; }
cmd_status() {
  local code=0
  report open || code=3
  report login || code=3
  return "$code"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: scripts/registry.sh up|down|status" >&2; exit 2 ;;
esac
