#!/bin/sh
# network-read.sh URI NETWORK: a libvirt network's definition, state and the owner marks of its
# DHCP host entries (lib/owner-mark.sh) in one round trip. Sections: `xml` (net-dumpxml), `info`
# (net-info), `owners` (one "MAC OWNER" line per marked entry); or `absent` when there is no such
# network. Any other failure fails at step `dumpxml` or `info` with libvirt's words on stderr.
set -u
VOIDVM_URI=$1
network=$2
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"

if ! xml=$(v net-dumpxml --network "$network" 2>&1); then
	if printf '%s' "$xml" | grep -qiE 'Network not found|no network with matching name'; then
		section absent
		exit 0
	fi
	fail dumpxml "$xml"
fi
if ! info=$(v net-info --network "$network" 2>&1); then fail info "$info"; fi
section xml
printf '%s\n' "$xml"
section info
printf '%s\n' "$info"
section owners
if marks=$(dhcp_host_mark "$network" x); then
	for mark in "${marks%/*}"/*; do
		[ -f "$mark" ] || continue
		mac=$(sed -n 's/^name=//p' "$mark" | tail -n 1)
		printf '%s %s\n' "$mac" "$(mark_owner "$mark")"
	done
fi
