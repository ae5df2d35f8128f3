# shellcheck shell=sh
# DHCP leases, polled on the host (one round trip however long the wait). Needs common.sh.

# poll_output SECONDS COMMAND...: runs COMMAND every half second until it prints something or
# SECONDS have passed (0: once); prints its output, if any.
poll_output() {
	poll_deadline=$(($(date +%s) + $1))
	shift
	while :; do
		poll_out=$("$@")
		if [ -n "$poll_out" ] || [ "$(date +%s)" -ge "$poll_deadline" ]; then
			if [ -n "$poll_out" ]; then printf '%s\n' "$poll_out"; fi
			return 0
		fi
		sleep 0.5
	done
}

# domain_leases NAME: "MAC IP/PREFIX" per IPv4 DHCP lease of the domain's interfaces.
domain_leases() {
	v domifaddr --source lease -- "$1" 2>/dev/null | awk '$3 == "ipv4" { print $2, $4 }'
}

# leases NAME WAIT_SECONDS: domain_leases, polling up to WAIT_SECONDS until there is at least one.
leases() { poll_output "$2" domain_leases "$1"; }

# await_lease NAME WAIT_SECONDS: succeeds once the domain has a lease, fails after WAIT_SECONDS.
# While it waits it prints a section "waiting" every half second: when the client has gone (a
# killed pulumi up, a dropped connection), sshd has closed the channel and that write ends the
# script (SIGPIPE), so that a script nobody listens to any more never undoes a create that the
# next run takes over.
await_lease() {
	await_deadline=$(($(date +%s) + $2))
	while [ -z "$(domain_leases "$1")" ]; do
		if [ "$(date +%s)" -ge "$await_deadline" ]; then return 1; fi
		section waiting || exit 1
		sleep 0.5
	done
}

# newest_lease NETWORK MAC: the IPv4 address of the newest lease of MAC on NETWORK.
newest_lease() {
	v net-dhcp-leases --mac "$2" -- "$1" 2>/dev/null | awk '$4 == "ipv4" { print $1 " " $2 " " $5 }' | sort -r | head -n 1 | cut -d' ' -f3 | cut -d/ -f1
}

# mac_lease NETWORK MAC WAIT_SECONDS: newest_lease, polling up to WAIT_SECONDS until there is one.
mac_lease() { poll_output "$3" newest_lease "$1" "$2"; }
