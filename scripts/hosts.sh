#!/usr/bin/env bash
# Simulated Docker hosts on this machine: each is a network namespace dfhI with its own dockerd,
# reachable from the root namespace over the bridge flowbr0 (10.77.0.1/24) at 10.77.0.1I.
#   scripts/hosts.sh up N [--tls hI]...   hosts h1..hN (idempotent; running hosts are kept as
#                                         they are); --tls hI: that host also listens on
#                                         tcp://10.77.0.1I:2376 with --tlsverify
#   scripts/hosts.sh down                 stop every dockerd by pid, delete namespaces, veths, bridge
#   scripts/hosts.sh status               each host's state and a ready-made `hosts:` snippet
# Engine sockets: /tmp/docker-flow-hosts/hI/docker.sock. TLS client files (ca.pem, cert.pem,
# key.pem, usable as --cert-path / DOCKER_CERT_PATH): /tmp/docker-flow-hosts/tls/client.
# Engines pull from the registry of scripts/registry.sh at 10.77.0.1:5000 (insecure registry).
set -euo pipefail

base=/tmp/docker-flow-hosts
tls_dir=$base/tls
bridge=flowbr0
bridge_ip=10.77.0.1
registry=10.77.0.1:5000
engine_wait_s=60
max_hosts=50

say() { printf 'hosts: %s\n' "$*"; }
fail() { printf 'hosts: %s\n' "$*" >&2; exit 1; }

host_ip() { echo "10.77.0.$((10 + ${1#h}))"; }
in_ns() { local host=$1; shift; nsenter --net="/var/run/netns/dfh${host#h}" "$@"; }
veth_of() { echo "dfveth-$1"; }
sock_of() { echo "$base/$1/docker.sock"; }
known_hosts() {
  local dir
  for dir in "$base"/h*; do [ -d "$dir" ] && basename "$dir"; done | sort -t h -k2 -n
}
dockerd_pid() {
  local pidfile=$base/$1/docker.pid pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "dockerd .*--data-root $base/$1/data" || return 1
  echo "$pid"
}
engine_answers() { docker -H "unix://$(sock_of "$1")" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
tls_answers() {
  docker --tlsverify --tlscacert "$tls_dir/client/ca.pem" --tlscert "$tls_dir/client/cert.pem" \
    --tlskey "$tls_dir/client/key.pem" -H "tcp://$(host_ip "$1"):2376" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# --- TLS -----------------------------------------------------------------------------------
ensure_ca() {
  mkdir -p "$tls_dir/client"
  if [ ! -s "$tls_dir/ca.pem" ]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls_dir/ca-key.pem" 2>/dev/null
    openssl req -x509 -new -key "$tls_dir/ca-key.pem" -subj '/CN=docker-flow simulated hosts CA' \
      -days 825 -out "$tls_dir/ca.pem" 2>/dev/null
    rm -f "$tls_dir/client/cert.pem"
  fi
  if [ ! -s "$tls_dir/client/cert.pem" ]; then
    sign_cert "$tls_dir/client/key.pem" "$tls_dir/client/cert.pem" '/CN=docker-flow-client' 'extendedKeyUsage=clientAuth'
    cp "$tls_dir/ca.pem" "$tls_dir/client/ca.pem"
  fi
}
# sign_cert KEY CERT SUBJECT EXTENSIONS: a new P-256 key and a certificate signed by our CA.
sign_cert() {
  local key=$1 cert=$2 subject=$3 ext=$4 csr
  csr=$(mktemp)
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>/dev/null
  openssl req -new -key "$key" -subj "$subject" -out "$csr" 2>/dev/null
  openssl x509 -req -in "$csr" -CA "$tls_dir/ca.pem" -CAkey "$tls_dir/ca-key.pem" -CAcreateserial \
    -days 825 -out "$cert" -extfile <(printf '%s\n' "$ext") 2>/dev/null
  rm -f "$csr"
  chmod 0644 "$cert"; chmod 0600 "$key"
}
ensure_server_cert() {
  local host=$1 dir=$tls_dir/$1
  mkdir -p "$dir"
  [ -s "$dir/server-cert.pem" ] && return 0
  sign_cert "$dir/server-key.pem" "$dir/server-cert.pem" "/CN=$host" \
    "$(printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:%s\nextendedKeyUsage=serverAuth' "$(host_ip "$host")" "$host")"
}

# --- network -------------------------------------------------------------------------------
ensure_bridge() {
  ip link show "$bridge" >/dev/null 2>&1 || ip link add "$bridge" type bridge
  ip -4 addr show dev "$bridge" | grep -q "inet $bridge_ip/24" || ip addr add "$bridge_ip/24" dev "$bridge"
  ip link set "$bridge" up
  # With br_netfilter, traffic between two hosts crosses the root FORWARD chain, whose policy the
  # root engine set to DROP: let the bridge's own traffic through (DOCKER-USER is for that).
  local chain=DOCKER-USER
  iptables -S "$chain" >/dev/null 2>&1 || chain=FORWARD
  iptables -C "$chain" -i "$bridge" -o "$bridge" -j ACCEPT 2>/dev/null || iptables -I "$chain" -i "$bridge" -o "$bridge" -j ACCEPT
}
ensure_namespace() {
  local host=$1 ns=dfh${1#h} veth ip
  veth=$(veth_of "$host"); ip=$(host_ip "$host")
  ip netns list | grep -qw "$ns" || ip netns add "$ns"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$ns"
  fi
  ip link set "$veth" master "$bridge" up
  in_ns "$host" ip -4 addr show dev eth0 | grep -q "inet $ip/24" || in_ns "$host" ip addr add "$ip/24" dev eth0
  in_ns "$host" ip link set lo up
  in_ns "$host" ip link set eth0 up
  in_ns "$host" ip route replace default via "$bridge_ip"
}

# --- engines -------------------------------------------------------------------------------
start_engine() {
  local host=$1 tls=$2 dir=$base/$1 pid args
  mkdir -p "$dir/data" "$dir/exec"
  if pid=$(dockerd_pid "$host"); then
    # Running already: keep it, TLS included (other users may rely on it); only turn TLS on.
    if [ "$tls" = off ] || [ "$(cat "$dir/tls" 2>/dev/null || echo off)" = on ]; then return 0; fi
    say "$host: restarting dockerd to add TLS"
    stop_engines "$host"
  fi
  echo '{}' >"$dir/daemon.json"
  args=(--config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec"
    --pidfile "$dir/docker.pid" -H "unix://$dir/docker.sock" --insecure-registry "$registry"
    --shutdown-timeout 5)
  if [ "$tls" = on ]; then
    ensure_ca
    ensure_server_cert "$host"
    args+=(-H "tcp://$(host_ip "$host"):2376" --tlsverify --tlscacert "$tls_dir/ca.pem"
      --tlscert "$tls_dir/$host/server-cert.pem" --tlskey "$tls_dir/$host/server-key.pem")
  fi
  echo "$tls" >"$dir/tls"
  rm -f "$dir/docker.pid"
  # A plain command (no function) so the background job is dockerd itself; 9>&-: it must not
  # inherit the lock of this script.
  nsenter --net="/var/run/netns/dfh${host#h}" setsid dockerd "${args[@]}" >"$dir/dockerd.log" 2>&1 </dev/null 9>&- &
}
wait_engines() {
  local deadline=$((SECONDS + engine_wait_s)) host pending
  while :; do
    pending=()
    for host in "$@"; do
      engine_answers "$host" || { pending+=("$host"); continue; }
      if [ "$(cat "$base/$host/tls")" = on ] && ! tls_answers "$host"; then pending+=("$host"); fi
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      for host in "${pending[@]}"; do
        echo "--- $host: last lines of $base/$host/dockerd.log ---" >&2
        tail -n 15 "$base/$host/dockerd.log" >&2 || true
      done
      fail "no answer within ${engine_wait_s}s from: ${pending[*]}"
    fi
    sleep 0.3
  done
}
# stop_engines HOST...: SIGTERM to every running dockerd at once (each stops its containers),
# then wait up to 30 s for all of them; SIGKILL what is left.
stop_engines() {
  local host pid pids=() deadline
  for host in "$@"; do
    if pid=$(dockerd_pid "$host"); then kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); fi
  done
  deadline=$((SECONDS + 30))
  for pid in "${pids[@]}"; do
    while [ -d "/proc/$pid" ]; do
      if [ "$SECONDS" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.2
    done
  done
}

# --- commands ------------------------------------------------------------------------------
cmd_up() {
  local count='' tls_hosts=() host i started=()
  while [ $# -gt 0 ]; do
    case $1 in
      --tls) [ $# -ge 2 ] || fail "--tls needs a host name such as h2"; tls_hosts+=("$2"); shift 2 ;;
      --tls=*) tls_hosts+=("${1#--tls=}"); shift ;;
      [0-9]*) count=$1; shift ;;
      *) fail "unknown argument '$1'; usage: scripts/hosts.sh up N [--tls hI]..." ;;
    esac
  done
  if ! [[ $count =~ ^[0-9]+$ ]] || [ "$count" -lt 1 ] || [ "$count" -gt "$max_hosts" ]; then
    fail "up needs a host count from 1 to $max_hosts (got '${count}')"
  fi
  for host in "${tls_hosts[@]}"; do
    if ! [[ $host =~ ^h[0-9]+$ ]] || [ "${host#h}" -lt 1 ] || [ "${host#h}" -gt "$count" ]; then
      fail "--tls $host: expected one of h1..h$count"
    fi
  done
  for tool in dockerd docker nsenter ip iptables openssl setsid; do
    command -v "$tool" >/dev/null || fail "$tool not found; run scripts/setup-machine.sh"
  done
  mkdir -p "$base"
  ensure_bridge
  for i in $(seq 1 "$count"); do
    host=h$i
    ensure_namespace "$host"
    if printf '%s\n' "${tls_hosts[@]}" | grep -qx "$host"; then start_engine "$host" on; else start_engine "$host" off; fi
    started+=("$host")
  done
  wait_engines "${started[@]}"
  for host in "${started[@]}"; do
    say "$host up: $(host_ip "$host"), unix://$(sock_of "$host")$([ "$(cat "$base/$host/tls")" = on ] && echo ", tcp://$(host_ip "$host"):2376 (TLS, cert path $tls_dir/client)"), pid $(dockerd_pid "$host")"
  done
  print_snippet
}

cmd_down() {
  local host ns mounts stopped=()
  for host in $(known_hosts); do
    if dockerd_pid "$host" >/dev/null; then stopped+=("$host"); fi
  done
  stop_engines "${stopped[@]}"
  # Anything still running in our namespaces (a shim or proxy left by a killed engine).
  for ns in $(ip netns list | awk '$1 ~ /^dfh[0-9]+$/ { print $1 }'); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns"
    ip link del "dfveth-h${ns#dfh}" 2>/dev/null || true
  done
  if ip link show "$bridge" >/dev/null 2>&1; then ip link del "$bridge"; fi
  for chain in DOCKER-USER FORWARD; do
    while iptables -D "$chain" -i "$bridge" -o "$bridge" -j ACCEPT 2>/dev/null; do :; done
  done
  mounts=$(awk -v base="$base/" 'index($5, base) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  for mount in $mounts; do umount -l "$mount" 2>/dev/null || true; done
  if awk -v base="$base/" 'index($5, base) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    say "left $base in place: something is still mounted under it"
  else
    rm -rf "$base"
  fi
  say "down (stopped: ${stopped[*]:-none}; namespaces, veths, $bridge and $base removed)"
}

cmd_status() {
  local host any=false state
  for host in $(known_hosts); do
    any=true
    if pid=$(dockerd_pid "$host"); then
      if engine_answers "$host"; then state="running (pid $pid)"; else state="starting or stuck (pid $pid)"; fi
    else
      state="stopped"
    fi
    say "$host $(host_ip "$host") unix://$(sock_of "$host")$([ "$(cat "$base/$host/tls" 2>/dev/null)" = on ] && echo " tcp://$(host_ip "$host"):2376 TLS"): $state"
  done
  if [ "$any" = false ]; then say "none (run: scripts/hosts.sh up 3)"; return 3; fi
  print_snippet
}

print_snippet() {
  local host
  echo "# docker-flow.yml"
  echo "hosts:"
  for host in $(known_hosts); do
    echo "  - name: $host"
    if [ "$(cat "$base/$host/tls" 2>/dev/null)" = on ]; then
      echo "    endpoint: tcp://$(host_ip "$host"):2376"
      echo "    cert_path: $tls_dir/client"
    else
      echo "    endpoint: unix://$(sock_of "$host")"
    fi
    echo "    address: $(host_ip "$host")"
  done
}

[ "$(id -u)" -eq 0 ] || fail "run as root (namespaces, bridges and dockerd need it)"
# One up/down at a time on this machine.
exec 9>/tmp/docker-flow-hosts.lock
flock 9
case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: scripts/hosts.sh up N [--tls hI]... | down | status" >&2; exit 2 ;;
esac
