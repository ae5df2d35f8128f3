#!/usr/bin/env bash
# Prints (stdout) a bin directory holding everything the Pulumi CLI needs to run this
# project's Node.js programs and dynamic providers:
#   pulumi                          the CLI: the one on PATH if any, else built by build-pulumi-cli.sh
#   pulumi-language-nodejs          the language host: the one on PATH / next to that CLI if any,
#                                   else our minimal one (tools/pulumi-language-nodejs)
#   pulumi-resource-pulumi-nodejs   the dynamic-provider plugin, a shell script shipped in the
#                                   package root of @pulumi/pulumi (copied from REPO/node_modules)
# Usage: scripts/ensure-pulumi.sh [REPO_ROOT]        (REPO_ROOT defaults to this script's repo)
#   export PATH="$(scripts/ensure-pulumi.sh):$PATH"
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "${1:-$HERE/..}" && pwd)"
CACHE="${VOIDVM_CACHE:-$HOME/.cache/voidvm}"
log() { echo "[ensure-pulumi] $*" >&2; }

PLUGIN_SRC="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ ! -f "$PLUGIN_SRC" ]; then
  log "$PLUGIN_SRC not found: run \`npm install\` in $REPO first"; exit 1
fi

# install_plugin DIR: copy the dynamic-provider script into DIR (atomically, only when it changed).
install_plugin() {
  local dest="$1/pulumi-resource-pulumi-nodejs"
  if ! cmp -s "$PLUGIN_SRC" "$dest" 2>/dev/null; then
    cp "$PLUGIN_SRC" "$dest.tmp.$$" && chmod 755 "$dest.tmp.$$" && mv -f "$dest.tmp.$$" "$dest"
  fi
}

# A pulumi on PATH that is not one of our own cached builds counts as "already installed".
EXT_PULUMI=""
if p="$(command -v pulumi 2>/dev/null)"; then
  p="$(readlink -f "$p")"
  case "$p" in
    "$CACHE"/pulumi-*/bin/pulumi) ;;  # ours: let build-pulumi-cli.sh refresh it and the host
    *) EXT_PULUMI="$p" ;;
  esac
fi

if [ -z "$EXT_PULUMI" ]; then
  BIN="$("$HERE/build-pulumi-cli.sh")"
  install_plugin "$BIN"
  echo "$BIN"; exit 0
fi

# External CLI: assemble a bin dir of symlinks next to our cache.
LH=""
for cand in "$(command -v pulumi-language-nodejs 2>/dev/null || true)" "$(dirname "$EXT_PULUMI")/pulumi-language-nodejs"; do
  if [ -n "$cand" ] && [ -x "$cand" ]; then LH="$(readlink -f "$cand")"; break; fi
done
case "$LH" in "$CACHE"/pulumi-*/bin/*) LH="" ;; esac  # ours: rebuild if its sources changed
if [ -z "$LH" ]; then
  LH="$("$HERE/build-pulumi-cli.sh" --language-host-only)/pulumi-language-nodejs"
fi
BIN="$CACHE/pulumi-bin-external"
mkdir -p "$BIN"
ln -sfn "$EXT_PULUMI" "$BIN/pulumi"
ln -sfn "$LH" "$BIN/pulumi-language-nodejs"
install_plugin "$BIN"
log "using $EXT_PULUMI with $LH"
echo "$BIN"
