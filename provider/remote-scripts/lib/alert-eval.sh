# shellcheck shell=sh
# Alert rules, evaluated by the host collector on every sample (see docs/monitoring.md).
# A rule is RULES_DIR/alert-NAME.conf (written by the AlertRule resource), one key=value a line:
#   vm=DOMAIN  metric=cpu|memory|disk|network  condition=>|<|=|!=  threshold=NUMBER
#   duration=SECONDS  action=notify|restart|suspend
# and, when it has a webhook, RULES_DIR/alert-NAME.webhook (mode 600, root only) holding the URL.
# The metric's value is cpuPercent, memoryPercent, diskReadMBps + diskWriteMBps or
# netRxMBps + netTxMBps of the sample. A rule fires when its condition has held on every sample
# of its VM for DURATION seconds (on the first such sample when DURATION is 0); it fires once,
# and is resolved at the first sample where the condition does not hold.
# Its state goes to STATE_DIR/NAME.state whenever it changes (and the file is removed at the
# first tick after the rule file is gone):
#   state=ok|firing  since=UNIX_TIME  value=NUMBER  fired=UNIX_TIME (the last time it fired)

# alerts_eval RULES_DIR STATE_DIR SCRIPT CONF: reads sample lines on stdin; runs
# `/bin/sh SCRIPT fire CONF NAME EVENT VALUE TIME` in the background on firing and resolving.
# The rules are read again at every tick (a new sample time), so rule changes need no restart.
alerts_eval() {
	ae_rules=$1
	ae_states=$2
	ae_script=$3
	ae_conf=$4
	set --
	if awk -W version 2>/dev/null | grep -q '^mawk'; then set -- -W interactive; fi
	AE_RULES=$ae_rules AE_STATES=$ae_states AE_FIRE="/bin/sh '$ae_script' fire '$ae_conf'" awk "$@" "$HISTORY_AWK_LIB"'
	function load_rules(    cmd, entry, name, line, key, file) {
		split("", seen)
		cmd = "ls -1 \"" rules "\" 2>/dev/null"
		while ((cmd | getline entry) > 0) {
			if (entry !~ /^alert-[A-Za-z0-9_-]+\.conf$/) continue
			name = substr(entry, 7, length(entry) - 11)
			file = rules "/" entry
			seen[name] = 1
			while ((getline line < file) > 0) {
				key = substr(line, 1, index(line, "=") - 1)
				if (key != "") rule[name, key] = substr(line, index(line, "=") + 1)
			}
			close(file)
			if (!(name in state)) load_state(name)
		}
		close(cmd)
		# A rule whose file is gone (its AlertRule was deleted): forget it, remove its state file.
		for (name in state) if (!(name in seen)) {
			delete state[name]; delete pending[name]; delete fired[name]
			system("rm -f \"" states "/" name ".state\"")
		}
	}
	function load_state(name,    file, line) {
		state[name] = ""
		file = states "/" name ".state"
		while ((getline line < file) > 0) {
			if (line ~ /^state=/) state[name] = substr(line, 7)
			else if (line ~ /^since=/) since[name] = substr(line, 7)
			else if (line ~ /^fired=/) fired[name] = substr(line, 7)
		}
		close(file)
	}
	function save_state(name, s, t, v,    file, tmp) {
		state[name] = s; since[name] = t
		if (s == "firing") fired[name] = t
		file = states "/" name ".state"; tmp = file ".tmp"
		printf "state=%s\nsince=%.3f\nvalue=%.3f\n", s, t, v > tmp
		if (fired[name] != "") printf "fired=%.3f\n", fired[name] > tmp
		close(tmp)
		system("mv -f \"" tmp "\" \"" file "\"")
	}
	function metric_value(line, metric) {
		if (metric == "cpu") return json_num(line, "cpuPercent")
		if (metric == "memory") return json_num(line, "memoryPercent")
		if (metric == "disk") return json_num(line, "diskReadMBps") + json_num(line, "diskWriteMBps")
		if (metric == "network") return json_num(line, "netRxMBps") + json_num(line, "netTxMBps")
		return ""
	}
	function holds(v, op, limit) {
		return op == ">" ? v > limit : op == "<" ? v < limit : op == "=" ? v == limit : op == "!=" ? v != limit : 0
	}
	function fire(name, event, v, t) {
		# Numbers are formatted here: awk would write a large one as 1.76e+09.
		system(fire_cmd " \"" name "\" " event " " sprintf("%.3f", v) " " sprintf("%.3f", t) " </dev/null >/dev/null 2>&1 &")
	}
	BEGIN { rules = ENVIRON["AE_RULES"]; states = ENVIRON["AE_STATES"]; fire_cmd = ENVIRON["AE_FIRE"] }
	{
		t = json_num($0, "time")
		if (t == "") next
		if (t != tick) { load_rules(); tick = t }
		vm = json_vm($0)
		for (name in seen) {
			if (rule[name, "vm"] != vm) continue
			v = metric_value($0, rule[name, "metric"])
			if (v == "") continue
			v = sprintf("%.3f", v) + 0
			if (holds(v, rule[name, "condition"], rule[name, "threshold"] + 0)) {
				if (!(name in pending)) pending[name] = t
				if (state[name] != "firing" && t - pending[name] >= rule[name, "duration"] + 0) {
					save_state(name, "firing", t, v)
					fire(name, "firing", v, t)
				}
			} else {
				delete pending[name]
				if (state[name] != "ok") {
					was = state[name]
					save_state(name, "ok", t, v)
					if (was == "firing") fire(name, "resolved", v, t)
				}
			}
		}
	}
	'
}
