#!/bin/sh
# VoidVM host collector (POSIX sh, virsh, awk; setsid and flock from util-linux; curl for
# webhooks). The Monitoring resource installs it as /etc/voidvm/collector.sh with its config
# /etc/voidvm/monitoring.conf and the cron file /etc/cron.d/voidvm-monitoring, which runs
# `ensure` every minute and at boot. VoidVM rewrites it on every change: do not edit it here.
#
#   sh collector.sh ensure CONF    start the collector unless it runs (cron's watchdog), and
#                                  keep the history within its total bound
#   sh collector.sh restart CONF   stop, then start (a changed config)
#   sh collector.sh stop CONF      stop it (its whole process group)
#   sh collector.sh purge CONF     stop it and remove its history, alert states and log
#   sh collector.sh run CONF       the collector itself (what ensure starts, detached): samples
#                                  every VM of the host every `interval` seconds into the history
#                                  and evaluates the alert rules on each sample
#   sh collector.sh write CONF     the history writer alone, on sample lines from stdin
#   sh collector.sh prune CONF     bring the history under total_bytes
#   sh collector.sh fire CONF RULE EVENT VALUE TIME   an alert's action (run by the collector)
#
# CONF holds key=value lines (read, never evaluated): uri, interval, history_dir, file_bytes,
# files, total_bytes, rules_dir, state_dir, log, pidfile. Exit codes: 0 done, 1 failed, 2 usage.
#
# Source: provider/remote-scripts/collector.sh of VoidVM, with its lib/*.sh included.
set -u
LC_ALL=C
export LC_ALL
umask 022
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/metrics-sample.sh
. "$VOIDVM_LIB/metrics-sample.sh"
# shellcheck source=lib/metrics-history.sh
. "$VOIDVM_LIB/metrics-history.sh"
# shellcheck source=lib/alert-eval.sh
. "$VOIDVM_LIB/alert-eval.sh"
# shellcheck source=lib/alert-fire.sh
. "$VOIDVM_LIB/alert-fire.sh"

usage() {
	echo "usage: sh collector.sh ensure|restart|stop|purge|run|write|prune CONF, or fire CONF RULE EVENT VALUE TIME" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
conf=$2
shift 2
script=$0
[ -r "$conf" ] || { echo "voidvm collector: no config $conf" >&2; exit 1; }

# setting KEY PATTERN: a config value, which must match the anchored extended regex PATTERN.
setting() {
	s_value=$(conf_value "$conf" "$1")
	if ! printf '%s\n' "$s_value" | grep -Eqx "$2"; then
		echo "voidvm collector: $conf: $1=$s_value is not valid" >&2
		exit 1
	fi
	printf '%s' "$s_value"
}
SAFE_PATH='/[A-Za-z0-9_./-]+'
VOIDVM_URI=$(setting uri '[^[:space:]]+')
interval=$(setting interval '[0-9]+')
history_dir=$(setting history_dir "$SAFE_PATH")
file_bytes=$(setting file_bytes '[0-9]+')
files=$(setting files '[0-9]+')
total_bytes=$(setting total_bytes '[0-9]+')
rules_dir=$(setting rules_dir "$SAFE_PATH")
state_dir=$(setting state_dir "$SAFE_PATH")
log=$(setting log "$SAFE_PATH")
pidfile=$(setting pidfile "$SAFE_PATH")
lockfile="$pidfile.lock"
case $script in /*) ;; *) script="$(pwd)/$script" ;; esac
printf '%s\n' "$script$conf" | grep -Eqx "($SAFE_PATH)+" || { echo "voidvm collector: $script or $conf has unsafe characters" >&2; exit 1; }

# The pid of the running collector, or nothing.
running_pid() {
	rp=$(cat "$pidfile" 2>/dev/null) || return 0
	case $rp in '' | *[!0-9]*) return 0 ;; esac
	if kill -0 "$rp" 2>/dev/null && tr '\0' ' ' <"/proc/$rp/cmdline" 2>/dev/null | grep -q "collector.sh run "; then echo "$rp"; fi
}

start() {
	[ -n "$(running_pid)" ] && return 0
	mkdir -p "$history_dir" "$state_dir" "$(dirname "$log")"
	setsid /bin/sh "$script" run "$conf" </dev/null >>"$log" 2>&1 &
	# Wait (up to 10 s) for it to hold the lock and write its pid.
	n=0
	while [ $n -lt 100 ] && [ -z "$(running_pid)" ]; do sleep 0.1; n=$((n + 1)); done
	[ -n "$(running_pid)" ] || { echo "voidvm collector: did not start; see $log" >&2; return 1; }
}

stop() {
	pid=$(running_pid)
	if [ -n "$pid" ]; then
		kill -TERM "-$pid" 2>/dev/null
		n=0
		while [ $n -lt 50 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
		kill -KILL "-$pid" 2>/dev/null
	fi
	rm -f "$pidfile" "$lockfile"
}

case $cmd in
ensure)
	start || exit 1
	history_prune "$history_dir" "$total_bytes" "$file_bytes"
	;;
restart)
	stop
	start
	;;
stop) stop ;;
purge)
	stop
	rm -rf -- "$history_dir" "$state_dir"
	rm -f -- "$log"
	rmdir -- "$(dirname "$log")" 2>/dev/null
	exit 0
	;;
run)
	exec 9>>"$lockfile"
	flock -n 9 || exit 0
	echo $$ >"$pidfile"
	alert_log "$log" "collector started: every ${interval}s, history in $history_dir"
	trap 'exit 0' TERM INT HUP
	# virsh fails while libvirtd restarts: sample again after a pause.
	while :; do
		metrics_ticks "$interval" 0 | metrics_rates | history_write "$history_dir" "$file_bytes" "$files" "$script" "$conf" |
			alerts_eval "$rules_dir" "$state_dir" "$script" "$conf" >/dev/null
		sleep "$interval"
	done
	;;
write)
	mkdir -p "$history_dir"
	history_write "$history_dir" "$file_bytes" "$files" "$script" "$conf" >/dev/null
	;;
prune) history_prune "$history_dir" "$total_bytes" "$file_bytes" ;;
fire)
	[ $# -eq 4 ] || usage
	printf '%s\n' "$1" | grep -Eqx '[A-Za-z0-9_-]+' || usage
	alert_fire "$conf" "$@"
	;;
*) usage ;;
esac
