#!/bin/sh
# monitoring-state.sh CONF CRON_FILE SCRIPT HISTORY_DIR PIDFILE: what a Monitoring has on the
# host, in one round trip. Sections:
#   config, cron, script   `present` or `absent`
#   owner                  the config's owner= line (only when there is one)
#   pid                    the running collector's pid (only when it runs)
#   history                `FILES BYTES` of the history directory
set -u
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"

present() { if [ -e "$1" ]; then echo present; else echo absent; fi; }

section config
present "$1"
section cron
present "$2"
section script
present "$3"
if [ -r "$1" ] && grep -q '^owner=' "$1"; then
	section owner
	sed -n 's/^owner=//p' "$1" | head -n 1
fi
pid=$(cat "$5" 2>/dev/null || true)
case $pid in
'' | *[!0-9]*) ;;
*)
	if kill -0 "$pid" 2>/dev/null || [ -d "/proc/$pid" ]; then
		if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "collector.sh run "; then
			section pid
			echo "$pid"
		fi
	fi
	;;
esac
section history
if [ -d "$4" ]; then
	find "$4" -maxdepth 1 -type f -name '*.jsonl*' -printf '%s\n' | awk '{ n++; s += $1 } END { printf "%d %d\n", n, s }'
else
	echo "0 0"
fi
