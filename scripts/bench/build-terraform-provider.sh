#!/usr/bin/env bash
# Builds the competitor of `npm run bench`: terraform-provider-libvirt (dmacvicar) from the Go
# module proxy, into $VOIDVM_CACHE/terraform-provider-libvirt-$VERSION/ (skipped when present),
# and installs what the bench needs besides: xsltproc (the provider's `xml { xslt }` runs it) and
# iptables (the bench counts new SSH connections with a counting rule).
# Prints the provider folder (for a terraformrc `dev_overrides`) on stdout; logs go to stderr.
set -euo pipefail
VERSION="${TF_LIBVIRT_VERSION:-0.8.3}"
MODULE=github.com/dmacvicar/terraform-provider-libvirt
CACHE="${VOIDVM_CACHE:-$HOME/.cache/voidvm}"
OUT="$CACHE/terraform-provider-libvirt-$VERSION"
log() { echo "[bench-build] $*" >&2; }

need_pkgs=()
command -v xsltproc >/dev/null || need_pkgs+=(xsltproc)
command -v iptables >/dev/null || need_pkgs+=(iptables)
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_pkgs[@]}" >&2
fi

BIN="$OUT/terraform-provider-libvirt"
if [ -x "$BIN" ]; then echo "$OUT"; exit 0; fi

command -v go >/dev/null || { log "Go is needed to build terraform-provider-libvirt"; exit 1; }
mkdir -p "$CACHE"
exec 9>"$OUT.lock"
if command -v flock >/dev/null; then flock 9; fi
if [ -x "$BIN" ]; then echo "$OUT"; exit 0; fi  # built by another caller meanwhile

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vvb-tfbuild-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export CGO_ENABLED=0 GOFLAGS="-mod=mod"
log "building $MODULE@v$VERSION (a minute or two the first time)"
start=$SECONDS
go mod init voidvm.local/tf-libvirt-wrapper >/dev/null 2>&1
printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$MODULE" > tools.go
go mod download -json "$MODULE@v$VERSION" > download.json
UPSTREAM_MOD="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p' download.json)"
[ -f "$UPSTREAM_MOD" ] || { log "no go.mod for $MODULE@v$VERSION"; exit 1; }
# `go install pkg@version` refuses modules with replace directives: copy them here instead.
grep -E '^replace[[:space:]]' "$UPSTREAM_MOD" >> go.mod
[ "$(grep -cE '^replace[[:space:]]' go.mod)" -ge 3 ] || { log "expected 3 replace lines in $UPSTREAM_MOD"; exit 1; }
go get "$MODULE@v$VERSION" >&2
go mod tidy >&2
mkdir -p "$OUT"
go build -trimpath -ldflags "-s -w" -o "$BIN.tmp" "$MODULE" >&2
mv "$BIN.tmp" "$BIN"
log "built in $((SECONDS - start))s: $BIN"
echo "$OUT"
