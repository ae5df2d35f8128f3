# shellcheck shell=sh
# observe_domain NAME: prints what a VirtualMachine's outputs are made of:
#   absent                      the domain does not exist (nothing else follows), or
#   info, xml                   `dominfo` and the live `dumpxml`, and for an active domain also
#   inactive-xml, memstat, leases   the persistent definition, `dommemstat`, the DHCP leases.
# observe_domains NAME...: the same for each NAME, its sections' names prefixed with `dN-`, N its
# position (1, 2, ...): `d1-info`, `d2-absent`, ...
# Every read of every domain is one virsh process (virsh_batch): its `echo` commands print the
# section lines. Needs common.sh.
observe_domain() { observe_read "" "$1"; }
observe_domains() { observe_read d "$@"; }

# observe_read PREFIX NAME...: PREFIX empty, or `d` for the `dN-` prefixes.
observe_read() {
	observe_prefix=$1
	shift
	observe_tmp=$(mktemp -d) || fail observe "could not create a temporary directory on the host"
	observe_batch=
	observe_n=0
	for observe_name in "$@"; do
		observe_n=$((observe_n + 1))
		observe_q=$(virsh_quote "$observe_name")
		for observe_part in info:dominfo xml:dumpxml inactive-xml:"dumpxml --inactive" memstat:dommemstat leases:"domifaddr --source lease"; do
			observe_batch="$observe_batch echo '@@voidvm $observe_n/${observe_part%%:*}'; ${observe_part#*:} -- $observe_q;"
		done
	done
	virsh_batch "$observe_batch" >"$observe_tmp/all" 2>"$observe_tmp/err"
	# One file per domain and section: N-info, N-xml, ...
	awk -v dir="$observe_tmp" '/^@@voidvm [0-9]+\// { if (part) close(part); split($2, p, "/"); part = dir "/" p[1] "-" p[2]; printf "" > part; next } part { print > part }' "$observe_tmp/all"
	observe_n=0
	for observe_name in "$@"; do
		observe_n=$((observe_n + 1))
		observe_in="$observe_tmp/$observe_n"
		observe_out=
		if [ -n "$observe_prefix" ]; then observe_out="$observe_prefix$observe_n-"; fi
		if ! grep -q '^State:' "$observe_in-info"; then
			# virsh names the domain it could not find; any other error fails the whole read.
			if grep -qF "failed to get domain '$observe_name'" "$observe_tmp/err"; then
				section "${observe_out}absent"
				continue
			fi
			observe_err=$(cat "$observe_tmp/err")
			rm -rf "$observe_tmp"
			fail observe "$observe_err"
		fi
		case $(awk -F': *' '$1 == "State" { print $2 }' "$observe_in-info") in
		running | idle | paused | pmsuspended | "in shutdown")
			awk '$3 == "ipv4" { print $2, $4 }' "$observe_in-leases" >"$observe_in-ipv4"
			mv "$observe_in-ipv4" "$observe_in-leases"
			;;
		*) rm -f "$observe_in-inactive-xml" "$observe_in-memstat" "$observe_in-leases" ;;
		esac
		for observe_part in info xml inactive-xml memstat leases; do
			if [ -f "$observe_in-$observe_part" ]; then
				section "$observe_out$observe_part"
				cat "$observe_in-$observe_part"
			fi
		done
	done
	rm -rf "$observe_tmp"
}
