# shellcheck shell=sh
# observe_domain NAME: prints what a VirtualMachine's outputs are made of, reading in parallel:
#   absent                      the domain does not exist (nothing else follows), or
#   info, xml                   `dominfo` and the live `dumpxml`, and for an active domain also
#   inactive-xml, memstat, leases   the persistent definition, `dommemstat`, the DHCP leases.
# Needs common.sh and leases.sh.
observe_domain() {
	observe_tmp=$(mktemp -d) || fail observe "could not create a temporary directory on the host"
	v dominfo -- "$1" >"$observe_tmp/info" 2>"$observe_tmp/info.err" &
	v dumpxml -- "$1" >"$observe_tmp/xml" 2>/dev/null &
	wait
	if [ ! -s "$observe_tmp/info" ]; then
		observe_err=$(cat "$observe_tmp/info.err")
		rm -rf "$observe_tmp"
		if is_missing_domain "$observe_err"; then
			section absent
			return 0
		fi
		fail observe "$observe_err"
	fi
	case $(awk -F': *' '$1 == "State" { print $2 }' "$observe_tmp/info") in
	running | idle | paused | pmsuspended | "in shutdown")
		v dumpxml --inactive -- "$1" >"$observe_tmp/inactive-xml" 2>/dev/null &
		v dommemstat -- "$1" >"$observe_tmp/memstat" 2>/dev/null &
		leases "$1" 0 >"$observe_tmp/leases" &
		wait
		;;
	esac
	for observe_part in info xml inactive-xml memstat leases; do
		if [ -f "$observe_tmp/$observe_part" ]; then
			section "$observe_part"
			cat "$observe_tmp/$observe_part"
		fi
	done
	rm -rf "$observe_tmp"
}
