#!/bin/sh
# schedule-configs.sh
# Section `configs`: the paths of the SnapshotSchedule config files on the host, one a line.
set -u
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"

section configs
for f in /etc/voidvm/snapshot-*.conf; do
	if [ -e "$f" ]; then printf '%s\n' "$f"; fi
done
exit 0
