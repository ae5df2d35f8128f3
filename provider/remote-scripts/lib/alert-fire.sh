# shellcheck shell=sh
# What an alert rule does when it fires or is resolved (run by the collector in the background;
# see lib/alert-eval.sh for the rule files). Every event is logged to the collector's log and,
# where the host has a syslog socket, to syslog (logger -t voidvm-alert).
#   notify   POST the JSON payload to the rule's webhook (on firing and on resolving)
#   restart  virsh reset (a hard reset: the guest need not cooperate), on firing
#   suspend  virsh suspend (the VM is paused in memory), on firing
# A restart or suspend rule with a webhook also POSTs the payload. The URL is read from the
# root-only webhook file and handed to curl on stdin (`-K -`): it never appears on a command line.
# The payload: {"rule","vm","host","metric","condition","threshold","duration","action",
# "event":"firing"|"resolved","value","time" (Unix seconds),"at" (ISO 8601 UTC)}.

# conf_value FILE KEY: the value of the first KEY=... line of FILE.
conf_value() {
	sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1
}

# alert_log LOGFILE MESSAGE
alert_log() {
	printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" >>"$1"
	if [ -S /dev/log ] && command -v logger >/dev/null 2>&1; then logger -t voidvm-alert -- "$2" || true; fi
}

# alert_payload RULE_FILE NAME EVENT VALUE TIME: the JSON payload on stdout.
alert_payload() {
	AP_NAME=$2 AP_EVENT=$3 AP_VALUE=$4 AP_TIME=$5 AP_HOST=$(hostname) AP_AT=$(date -u -d "@${5%.*}" +%Y-%m-%dT%H:%M:%SZ) awk '
	function js(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); return "\"" s "\"" }
	# A number as written (awk would print a large one as 1.76e+09).
	function num(x) { return x ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ ? x : "0" }
	{ key = substr($0, 1, index($0, "=") - 1); if (key != "") r[key] = substr($0, index($0, "=") + 1) }
	END {
		printf "{\"rule\":%s,\"vm\":%s,\"host\":%s,\"metric\":%s,\"condition\":%s,", js(ENVIRON["AP_NAME"]), js(r["vm"]), js(ENVIRON["AP_HOST"]), js(r["metric"]), js(r["condition"])
		printf "\"threshold\":%s,\"duration\":%s,\"action\":%s,", num(r["threshold"]), num(r["duration"]), js(r["action"])
		printf "\"event\":%s,\"value\":%s,\"time\":%s,\"at\":%s}\n", js(ENVIRON["AP_EVENT"]), num(ENVIRON["AP_VALUE"]), num(ENVIRON["AP_TIME"]), js(ENVIRON["AP_AT"])
	}' "$1"
}

# alert_fire CONF NAME EVENT VALUE TIME
alert_fire() {
	af_rules=$(conf_value "$1" rules_dir)
	af_log=$(conf_value "$1" log)
	af_uri=$(conf_value "$1" uri)
	af_rule="$af_rules/alert-$2.conf"
	[ -r "$af_rule" ] || return 0
	af_vm=$(conf_value "$af_rule" vm)
	af_action=$(conf_value "$af_rule" action)
	alert_log "$af_log" "alert $2 $3: vm=$af_vm $(conf_value "$af_rule" metric) $(conf_value "$af_rule" condition) $(conf_value "$af_rule" threshold) for $(conf_value "$af_rule" duration)s, value $4, action $af_action"
	if [ "$3" = firing ]; then
		case $af_action in
		restart) af_out=$(virsh -q -c "$af_uri" reset -- "$af_vm" 2>&1) ;;
		suspend) af_out=$(virsh -q -c "$af_uri" suspend -- "$af_vm" 2>&1) ;;
		*) af_out= ;;
		esac
		# shellcheck disable=SC2181 # the status of the command substitution above
		if [ $? -ne 0 ]; then alert_log "$af_log" "alert $2: $af_action of $af_vm failed: $af_out"; elif [ -n "$af_out" ] || [ "$af_action" != notify ]; then alert_log "$af_log" "alert $2: $af_action of $af_vm done"; fi
	fi
	af_hook="$af_rules/alert-$2.webhook"
	if [ -r "$af_hook" ]; then
		af_payload=$(mktemp "${TMPDIR:-/tmp}/voidvm-alert.XXXXXX") || return 1
		alert_payload "$af_rule" "$2" "$3" "$4" "$5" >"$af_payload"
		af_url=$(head -n 1 "$af_hook")
		af_code=$(printf 'url = "%s"\n' "$af_url" | curl -sS -m 15 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H 'User-Agent: voidvm-alert' --data-binary "@$af_payload" -K - 2>/dev/null)
		rm -f "$af_payload"
		alert_log "$af_log" "alert $2 $3: webhook answered $af_code"
	fi
}
