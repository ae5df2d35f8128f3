#!/bin/sh
# schedule-state.sh CRON_FILE CONFIG_FILE LOG_FILE
# What a SnapshotSchedule has on the host, in one round trip. Sections:
#   cron, config   `present` or `absent`
#   timezone       the host's (cron's) time zone: /etc/localtime's target, /etc/timezone, or UTC
#   owner          the config's owner= line: the resource that wrote it (only when there is one)
#   log            the log's last line (only when the log is readable)
set -u
cron=$1
conf=$2
log=$3
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"

present() { if [ -e "$1" ]; then echo present; else echo absent; fi; }

section cron
present "$cron"
section config
present "$conf"
section timezone
if t=$(readlink /etc/localtime 2>/dev/null); then
	printf '%s\n' "${t#*zoneinfo/}"
elif [ -r /etc/timezone ]; then
	head -n 1 /etc/timezone
else
	echo UTC
fi
if [ -r "$conf" ] && grep -q '^owner=' "$conf"; then
	section owner
	sed -n 's/^owner=//p' "$conf" | head -n 1
fi
if [ -r "$log" ]; then
	section log
	tail -n 1 "$log"
fi
exit 0
