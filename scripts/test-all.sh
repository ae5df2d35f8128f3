#!/usr/bin/env bash
# `npm test`: every test tier, against real parts.
#   unit  pure code: quoting, XML golden files, validation, change planning
#   lab   a real libvirtd + QEMU, a real sshd on loopback, real guests (npm run host:up sets it up)
#   fault hostile input and host faults (missing, inactive, full pools; deleted domains), killed
#         runs, sshd and libvirtd going away, two stacks at once (real CLI, real host)
#   e2e   the real Pulumi CLI (built from Go modules, cached) with a local file backend
#   plus  go test of our Node.js language host (tools/pulumi-language-nodejs)
# A tier that cannot run fails loudly; a tier that runs no test counts as failed.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

die() { echo "npm test: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

[ -d node_modules/@pulumi/pulumi ] || npm ci --no-audit --no-fund || die "npm ci failed"
npm run --silent build || die "the TypeScript build failed"
# The Pulumi CLI build (Go, cached after the first run) overlaps the lab setup and the first tiers.
pulumi_log="$(mktemp)"
bash scripts/ensure-pulumi.sh "$REPO" >"$pulumi_log" 2>&1 &
pulumi_build=$!
bash scripts/lab/host-up.sh || die "the libvirt lab could not be set up, so the lab and e2e tiers cannot run"
npm run --silent lint || die "lint failed (eslint, and shellcheck of the remote scripts)"

before_run="$(bash scripts/lab/leftovers.sh | sort)"
total_passed=0
total_failed=0
failed_tiers=()

# run_tier NAME TIMEOUT_MS: runs dist/test/NAME/**/*.test.js with mocha and adds up its counts.
run_tier() {
  local name="$1" timeout="$2" log
  log="$(mktemp)"
  echo "=== tier: $name ==="
  npx mocha --forbid-only --forbid-pending --timeout "$timeout" "dist/test/$name/**/*.test.js" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local passing failing pending
  passing=$(grep -Eo '^ *[0-9]+ passing' "$log" | grep -Eo '[0-9]+' | tail -1)
  failing=$(grep -Eo '^ *[0-9]+ failing' "$log" | grep -Eo '[0-9]+' | tail -1)
  pending=$(grep -Eo '^ *[0-9]+ pending' "$log" | grep -Eo '[0-9]+' | tail -1)
  passing=${passing:-0}; failing=${failing:-0}; pending=${pending:-0}
  rm -f "$log"
  if [ "$rc" -ne 0 ] || [ "$passing" -eq 0 ] || [ "$pending" -ne 0 ]; then
    failed_tiers+=("$name (exit $rc, $passing passing, $failing failing, $pending pending)")
    [ "$failing" -eq 0 ] && failing=1
  fi
  total_passed=$((total_passed + passing))
  total_failed=$((total_failed + failing))
  echo "=== tier $name: $passing passed, $failing failed ==="
}

# The Go language host built for the Pulumi CLI (tools/pulumi-language-nodejs) has tests of its
# own; each Go test counts once (its `--- PASS`/`--- FAIL` line), and a run of none fails.
run_go_tier() {
  local log rc passing failing
  log="$(mktemp)"
  echo "=== tier: language host (go test) ==="
  (cd tools/pulumi-language-nodejs && go test -v -count=1 ./...) 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  passing=$(grep -Ec '^ *--- PASS' "$log")
  failing=$(grep -Ec '^ *--- FAIL' "$log")
  rm -f "$log"
  if [ "$rc" -ne 0 ] || [ "$passing" -eq 0 ]; then
    failed_tiers+=("language host (go test: exit $rc, $passing passing, $failing failing)")
    [ "$failing" -eq 0 ] && failing=1
  fi
  total_passed=$((total_passed + passing))
  total_failed=$((total_failed + failing))
  echo "=== tier language host: $passing passed, $failing failed ==="
}
run_go_tier

run_tier unit 20000
run_tier lab 600000
if wait "$pulumi_build"; then
  run_tier fault 1800000
  run_tier e2e 1800000
else
  tail -30 "$pulumi_log" >&2
  echo "npm test: the Pulumi CLI could not be built, so the e2e tier cannot run" >&2
  failed_tiers+=("fault and e2e (the Pulumi CLI build failed)")
  total_failed=$((total_failed + 2))
fi

# Tests clean up after themselves; anything new on the host is a failure of its own.
leftovers="$(comm -13 <(echo "$before_run") <(bash scripts/lab/leftovers.sh | sort))"
if [ -n "$leftovers" ]; then
  echo "Tests left these on the host:"; echo "$leftovers"
  failed_tiers+=("host cleanliness")
  total_failed=$((total_failed + 1))
fi

if [ "${#failed_tiers[@]}" -gt 0 ]; then
  echo "Failed: ${failed_tiers[*]}"
fi
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
