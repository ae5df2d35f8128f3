#!/bin/sh
# metrics-stream.sh URI INTERVAL COUNT [DOMAIN...]: live figures of DOMAIN... (every domain when
# none), one JSON line per domain every INTERVAL seconds, COUNT ticks (0 = until the channel
# closes). See lib/metrics-sample.sh for the line's fields.
set -u
VOIDVM_URI=$1
interval=$2
count=$3
shift 3
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/metrics-sample.sh
. "$VOIDVM_LIB/metrics-sample.sh"

# COUNT ticks give COUNT - 1 samples: take one more.
if [ "$count" -gt 0 ]; then count=$((count + 1)); fi
metrics_ticks "$interval" "$count" "$@" | metrics_rates
