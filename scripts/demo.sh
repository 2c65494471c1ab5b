#!/usr/bin/env bash
# The demo, on a fresh Debian 12 machine as root: sets the machine up, builds docker-flow and the demo
# images, then deploys demo app v1 through the proxy, deploys v2 blue-green, and shows what changed.
#   bash scripts/demo.sh            run the demo (proxy on port 80; DEMO_PORT=8000 to change it)
#   bash scripts/demo.sh --clean    remove what the demo started: containers, the proxy, its state
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
port=${DEMO_PORT:-80}
state=${DEMO_STATE_DIR:-/tmp/docker-flow-demo-state}
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
df() { (cd "$repo/examples/demo" && node "$repo/build/src/cli/main.js" --state-dir "$state" --proxy-port "$port" --proxy-reconf-port "${DEMO_STATUS_PORT:-8404}" "$@"); }

if [ "${1:-}" = "--clean" ]; then
  df proxy stop || true
  docker ps -aq --filter label=com.docker.compose.project=demo | xargs -r docker rm -f >/dev/null
  rm -rf "$state"
  echo "demo removed"
  exit 0
fi

say "set up the machine (Debian packages, dockerd), build docker-flow and the demo images"
bash scripts/setup-machine.sh
npm install --no-audit --no-fund --loglevel=error
npm run build --silent
bash scripts/build-images.sh

say "1. deploy demo v1 (blue-green), route /demo through the proxy on port $port, stop the old colour"
echo "\$ docker-flow --flow=deploy --flow=proxy --flow=stop-old    # options in examples/demo/docker-flow.yml"
DEMO_VERSION=v1 df --flow=deploy --flow=proxy --flow=stop-old
echo "\$ curl http://127.0.0.1:$port/demo/"
curl -fsS "http://127.0.0.1:$port/demo/"

say "2. deploy demo v2 beside it; the proxy switches once v2 is healthy; v1 stops (kept for rollback)"
echo "\$ DEMO_VERSION=v2 docker-flow --flow=deploy --flow=proxy --flow=stop-old"
DEMO_VERSION=v2 df --flow=deploy --flow=proxy --flow=stop-old
echo "\$ curl http://127.0.0.1:$port/demo/"
curl -fsS "http://127.0.0.1:$port/demo/"

say "3. scale the live colour to 3 instances; the proxy follows"
echo "\$ docker-flow --scale=+2 --flow=scale --flow=proxy"
df --scale=+2 --flow=scale --flow=proxy

say "4. what runs now"
echo "\$ docker-flow status"
df status
echo "\$ docker-flow releases"
df releases
say "done: v2 answers at http://127.0.0.1:$port/demo/ ; remove everything with: bash scripts/demo.sh --clean"
