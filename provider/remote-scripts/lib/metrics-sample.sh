# shellcheck shell=sh
# VoidVM's metric sampler: the one way figures are taken from a host, used by the live stream
# (metrics-stream.sh, one long-running command over one SSH channel) and by the host collector.
#
# metrics_ticks INTERVAL COUNT [DOMAIN...]: every INTERVAL seconds (COUNT times; 0 = until
# stopped), one `virsh domstats` of DOMAIN... (all domains when none), framed as
#   @tick SECONDS.NANOSECONDS
#   <domstats --raw output>
#   @end
# metrics_rates: reads those ticks on stdin and prints one JSON line per domain per tick after the
# first (rates need two readings), flushed at once:
#   {"vm":"web","time":1764800000.123,"state":"running","cpuPercent":93.1,"memoryPercent":41.2,
#    "diskReadMBps":0,"diskWriteMBps":0.25,"netRxMBps":0.01,"netTxMBps":0}
# cpuPercent is of the VM's vCPUs (100 = every vCPU busy); memoryPercent is the guest's own
# figure where its balloon driver reports one, else QEMU's resident memory over the VM's memory;
# MB/s are 10^6 bytes a second, summed over the VM's disks and interfaces.

metrics_ticks() {
	interval=$1
	count=$2
	shift 2
	n=0
	while [ "$count" -eq 0 ] || [ "$n" -lt "$count" ]; do
		# The tick's time is taken when virsh has answered: the counters are read at the end of its
		# run, after connecting (which can take seconds on a busy host), so a time taken before
		# would make the rates swing between ticks.
		mt_stats=$(v domstats --raw --nowait --state --cpu-total --balloon --vcpu --interface --block "$@") || return 1
		printf '@tick %s\n%s\n@end\n' "$(date +%s.%N)" "$mt_stats"
		n=$((n + 1))
		if [ "$count" -eq 0 ] || [ "$n" -lt "$count" ]; then sleep "$interval"; fi
	done
}

metrics_rates() {
	# mawk (Debian's awk) reads a pipe in blocks: -W interactive makes it take each line as it comes.
	set --
	if awk -W version 2>/dev/null | grep -q '^mawk'; then set -- -W interactive; fi
	awk "$@" '
	function json_string(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
	function num(x) { return sprintf("%.3f", x) + 0 }
	function state_name(s) {
		return s == 1 ? "running" : s == 3 ? "paused" : s == 5 ? "stopped" : s == 7 ? "suspended" : s == 4 ? "shutting-down" : s == 6 ? "crashed" : "other"
	}
	/^@tick / { now = $2; split("", cur); split("", seen); dom = ""; next }
	/^Domain: / {
		dom = substr($0, 10); sub(/^\x27/, "", dom); sub(/\x27$/, "", dom); seen[dom] = 1; next
	}
	/^@end$/ {
		for (d in seen) {
			if ((d SUBSEP "t") in prev) {
				dt = now - prev[d, "t"]
				if (dt > 0) emit(d, dt)
			}
			prev[d, "t"] = now
			prev[d, "cpu"] = cur[d, "cpu"]; prev[d, "rd"] = cur[d, "rd"]; prev[d, "wr"] = cur[d, "wr"]
			prev[d, "rx"] = cur[d, "rx"]; prev[d, "tx"] = cur[d, "tx"]
		}
		fflush()
		next
	}
	dom != "" && index($0, "=") {
		line = $0; sub(/^[ \t]+/, "", line)
		key = substr(line, 1, index(line, "=") - 1); val = substr(line, index(line, "=") + 1) + 0
		if (key == "state.state") cur[dom, "state"] = val
		else if (key == "cpu.time") cur[dom, "cpu"] = val
		else if (key == "vcpu.current") cur[dom, "vcpus"] = val
		else if (key == "balloon.current") cur[dom, "mem"] = val
		else if (key == "balloon.available") cur[dom, "avail"] = val
		else if (key == "balloon.unused") cur[dom, "unused"] = val
		else if (key == "balloon.rss") cur[dom, "rss"] = val
		else if (key ~ /^block\.[0-9]+\.rd\.bytes$/) cur[dom, "rd"] += val
		else if (key ~ /^block\.[0-9]+\.wr\.bytes$/) cur[dom, "wr"] += val
		else if (key ~ /^net\.[0-9]+\.rx\.bytes$/) cur[dom, "rx"] += val
		else if (key ~ /^net\.[0-9]+\.tx\.bytes$/) cur[dom, "tx"] += val
	}
	function rate(d, k, dt) { return cur[d, k] >= prev[d, k] ? (cur[d, k] - prev[d, k]) / dt / 1000000 : 0 }
	function emit(d, dt,    vcpus, cpu, mem) {
		vcpus = cur[d, "vcpus"] > 0 ? cur[d, "vcpus"] : 1
		cpu = cur[d, "cpu"] >= prev[d, "cpu"] ? (cur[d, "cpu"] - prev[d, "cpu"]) / (dt * 1e9 * vcpus) * 100 : 0
		if (cpu > 100) cpu = 100
		if (cur[d, "avail"] > 0 && (d SUBSEP "unused") in cur) mem = (cur[d, "avail"] - cur[d, "unused"]) / cur[d, "avail"] * 100
		else if (cur[d, "mem"] > 0) mem = cur[d, "rss"] / cur[d, "mem"] * 100
		else mem = 0
		if (mem > 100) mem = 100
		printf "{\"vm\":%s,\"time\":%s,\"state\":\"%s\",\"cpuPercent\":%s,\"memoryPercent\":%s,", json_string(d), sprintf("%.3f", now), state_name(cur[d, "state"]), num(cpu), num(mem)
		printf "\"diskReadMBps\":%s,\"diskWriteMBps\":%s,\"netRxMBps\":%s,\"netTxMBps\":%s}\n", num(rate(d, "rd", dt)), num(rate(d, "wr", dt)), num(rate(d, "rx", dt)), num(rate(d, "tx", dt))
	}
	'
}
