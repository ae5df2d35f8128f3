#!/bin/sh
# metrics-history.sh DIR VM FROM TO: the host collector's history of VM (see
# lib/metrics-history.sh) with FROM <= time <= TO (Unix seconds), oldest first, filtered on the
# host. Sections: `samples` (one JSON line each), or `none` when the host holds no history of VM.
set -u
LC_ALL=C
export LC_ALL
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/metrics-history.sh
. "$VOIDVM_LIB/metrics-history.sh"

stem=$(VM=$2 awk "$HISTORY_AWK_LIB"'BEGIN { printf "%s", history_name(ENVIRON["VM"]) }')
if [ ! -e "$1/$stem.jsonl" ] && [ -z "$(find "$1" -maxdepth 1 -name "$stem.jsonl.*" 2>/dev/null | head -n 1)" ]; then
	section none
	exit 0
fi
section samples
history_read "$1" "$2" "$3" "$4"
