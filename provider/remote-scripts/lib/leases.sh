# shellcheck shell=sh
# leases NAME WAIT_SECONDS: "MAC IP/PREFIX" per IPv4 DHCP lease of the domain's interfaces,
# polling up to WAIT_SECONDS (0: look once) until there is at least one.
leases() {
	leases_deadline=$(($(date +%s) + $2))
	while :; do
		leases_out=$(v domifaddr --source lease -- "$1" 2>/dev/null | awk '$3 == "ipv4" { print $2, $4 }')
		if [ -n "$leases_out" ] || [ "$(date +%s)" -ge "$leases_deadline" ]; then
			if [ -n "$leases_out" ]; then printf '%s\n' "$leases_out"; fi
			return 0
		fi
		sleep 0.5
	done
}
