#!/usr/bin/env bash
# Builds the Pulumi CLI (from Go modules: the npm `pulumi` package cannot download the CLI here)
# and our minimal Node.js language host (tools/pulumi-language-nodejs: the official one is not
# served by the Go module proxy), and caches both in $VOIDVM_CACHE/pulumi-$VERSION/bin.
# Prints the bin folder on stdout. Idempotent: a cached build is reused; the language host is
# rebuilt whenever a hash of its sources (and of the Go version) changes.
#
#   scripts/build-pulumi-cli.sh                       # CLI + language host
#   scripts/build-pulumi-cli.sh --language-host-only  # only the language host (CLI found elsewhere)
set -euo pipefail
VERSION="${PULUMI_VERSION:-3.274.1}"
CACHE="${VOIDVM_CACHE:-$HOME/.cache/voidvm}"
OUT="$CACHE/pulumi-$VERSION/bin"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LH_SRC="$REPO/tools/pulumi-language-nodejs"
log() { echo "[pulumi-cli] $*" >&2; }

WANT_CLI=1
case "${1:-}" in
  --language-host-only) WANT_CLI=0 ;;
  "") ;;
  *) log "unknown argument: $1"; exit 2 ;;
esac

command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI: install Go 1.26+"; exit 1; }
lh_hash() {
  { go env GOVERSION
    cd "$LH_SRC" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-16
}
LH_HASH="$(lh_hash)"
LH_STAMP="$OUT/.pulumi-language-nodejs.hash"
lh_fresh() { [ -x "$OUT/pulumi-language-nodejs" ] && [ "$(cat "$LH_STAMP" 2>/dev/null)" = "$LH_HASH" ]; }
cli_fresh() { [ "$WANT_CLI" = 0 ] || [ -x "$OUT/pulumi" ]; }

if cli_fresh && lh_fresh; then
  echo "$OUT"; exit 0
fi

mkdir -p "$OUT"
# One build at a time per version (a second caller waits, then finds the cache filled).
exec 9>"$CACHE/pulumi-$VERSION.lock"
if command -v flock >/dev/null; then flock 9; fi
export CGO_ENABLED=0

if ! lh_fresh; then
  LH_VERSION="$(awk '$1 == "github.com/pulumi/pulumi/sdk/v3" {print $2}' "$LH_SRC/go.mod")"
  log "building pulumi-language-nodejs (sources $LH_HASH, sdk $LH_VERSION)"
  start=$SECONDS
  (cd "$LH_SRC" && go build -mod=readonly -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LH_VERSION" \
    -o "$OUT/pulumi-language-nodejs.tmp" .) >&2
  mv "$OUT/pulumi-language-nodejs.tmp" "$OUT/pulumi-language-nodejs"
  echo "$LH_HASH" > "$LH_STAMP"
  log "pulumi-language-nodejs built in $((SECONDS - start))s"
fi

if ! cli_fresh; then
  WORK="$CACHE/pulumi-build-$VERSION"
  mkdir -p "$WORK"
  cd "$WORK"
  export GOFLAGS="-mod=mod"
  if [ ! -f go.mod ]; then
    log "creating a wrapper module for pulumi v$VERSION"
    go mod init voidvm.local/pulumi-cli >/dev/null 2>&1
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' > tools.go
    go get "github.com/pulumi/pulumi/pkg/v3@v$VERSION" "github.com/pulumi/pulumi/sdk/v3@v$VERSION" >&2
    go mod tidy >&2
  fi
  LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
  log "building pulumi v$VERSION (several minutes the first time)"
  start=$SECONDS
  go build -ldflags "$LDFLAGS" -o "$OUT/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  mv "$OUT/pulumi.tmp" "$OUT/pulumi"
  log "pulumi built in $((SECONDS - start))s"
fi
echo "$OUT"
