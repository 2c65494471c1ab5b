#!/usr/bin/env bash
# The Node matrix: the unit suite and an end-to-end deploy through the proxy on each Node line the
# package supports besides the machine's own (which `npm test` already ran everything on).
# Runtimes come from the npm registry as the node-linux-<arch> packages (the binaries the `node`
# package installs), pinned below, and are cached in $NODE_RUNTIME_CACHE (default
# ~/.cache/docker-flow/node-runtimes) so a second run downloads nothing.
# Run after `npm run build` (npm test does both): bash scripts/node-matrix.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

versions=(22.23.3 24.21.0)   # keep in step with "engines" in package.json and the README
cache=${NODE_RUNTIME_CACHE:-$HOME/.cache/docker-flow/node-runtimes}
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "node-matrix: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac

runtime() {
  local version=$1 dir=$cache/$1 bin=$cache/$1/node_modules/node-linux-$arch/bin/node
  if [ ! -x "$bin" ] || [ "$("$bin" --version 2>/dev/null)" != "v$version" ]; then
    echo "node-matrix: installing Node $version (node-linux-$arch@$version) into $dir" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund "node-linux-$arch@$version" >&2
  fi
  echo "$bin"
}

for version in "${versions[@]}"; do
  node_bin=$(runtime "$version")
  echo "== Node $("$node_bin" --version): unit suite"
  start=$(date +%s)
  "$node_bin" node_modules/mocha/bin/mocha.js --config .mocharc.unit.json --reporter dot
  echo "== Node $("$node_bin" --version): deploy through the proxy"
  "$node_bin" node_modules/mocha/bin/mocha.js --require build/test/integration/support/root-hooks.js --timeout 180000 \
    build/test/integration/runtime/deploy-through-proxy.test.js
  echo "== Node $version: $(( $(date +%s) - start ))s"
done
