#!/bin/sh
# metrics-stream.sh URI INTERVAL COUNT [DOMAIN...]: live figures of DOMAIN... (every domain when
# none), one JSON line per domain every INTERVAL seconds, COUNT ticks (0 = until the channel
# closes). See lib/metrics-sample.sh for the line's fields. A DOMAIN that does not exist ends the
# script at once: section "missing" lists such names, one a line, and the exit is 1. Otherwise
# section "streaming" starts the samples.
set -u
VOIDVM_URI=$1
interval=$2
count=$3
shift 3
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/metrics-sample.sh
. "$VOIDVM_LIB/metrics-sample.sh"

missing=0
for d in "$@"; do
	if ! v domuuid -- "$d" >/dev/null 2>&1; then
		if [ "$missing" -eq 0 ]; then section missing; fi
		printf '%s\n' "$d"
		missing=1
	fi
done
if [ "$missing" -ne 0 ]; then exit 1; fi
section streaming

# The reader keeps the channel's stdin open and never writes to it: stdin ends when the channel
# (or the SSH connection) closes. Then the whole command stops at once, the sampler's virsh and
# sleep included, instead of at its next write into the closed channel. sshd made this shell the
# leader of a process group of its own, so `kill 0` reaches exactly this command's processes.
# (An asynchronous list reads /dev/null unless its stdin is given again: hence fd 3.)
exec 3<&0
(
	cat <&3 >/dev/null 2>&1
	kill 0
) >/dev/null 2>&1 &

# COUNT ticks give COUNT - 1 samples: take one more.
if [ "$count" -gt 0 ]; then count=$((count + 1)); fi
metrics_ticks "$interval" "$count" "$@" | metrics_rates
