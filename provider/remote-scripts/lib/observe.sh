# shellcheck shell=sh
# observe_domain NAME: prints what a VirtualMachine's outputs are made of:
#   absent                      the domain does not exist (nothing else follows), or
#   info, xml                   `dominfo` and the live `dumpxml`, and for an active domain also
#   inactive-xml, memstat, leases   the persistent definition, `dommemstat`, the DHCP leases.
# Every read is one virsh process (virsh_batch): its `echo` commands print the section lines.
# Needs common.sh.
observe_domain() {
	observe_tmp=$(mktemp -d) || fail observe "could not create a temporary directory on the host"
	observe_name=$(virsh_quote "$1")
	virsh_batch "echo '@@voidvm info'; dominfo -- $observe_name; echo '@@voidvm xml'; dumpxml -- $observe_name;
		echo '@@voidvm inactive-xml'; dumpxml --inactive -- $observe_name; echo '@@voidvm memstat'; dommemstat -- $observe_name;
		echo '@@voidvm leases'; domifaddr --source lease -- $observe_name" >"$observe_tmp/all" 2>"$observe_tmp/err"
	awk -v dir="$observe_tmp" '/^@@voidvm / { part = dir "/" $2; printf "" > part; next } part { print > part }' "$observe_tmp/all"
	if ! grep -q '^State:' "$observe_tmp/info"; then
		observe_err=$(cat "$observe_tmp/err")
		rm -rf "$observe_tmp"
		if is_missing_domain "$observe_err"; then
			section absent
			return 0
		fi
		fail observe "$observe_err"
	fi
	case $(awk -F': *' '$1 == "State" { print $2 }' "$observe_tmp/info") in
	running | idle | paused | pmsuspended | "in shutdown")
		awk '$3 == "ipv4" { print $2, $4 }' "$observe_tmp/leases" >"$observe_tmp/ipv4"
		mv "$observe_tmp/ipv4" "$observe_tmp/leases"
		;;
	*) rm -f "$observe_tmp/inactive-xml" "$observe_tmp/memstat" "$observe_tmp/leases" ;;
	esac
	for observe_part in info xml inactive-xml memstat leases; do
		if [ -f "$observe_tmp/$observe_part" ]; then
			section "$observe_part"
			cat "$observe_tmp/$observe_part"
		fi
	done
	rm -rf "$observe_tmp"
}
