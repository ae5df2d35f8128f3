#!/bin/sh
# dhcp-host.sh URI NETWORK OP MAC HOST_XML OWNER SCOPE...: one `net-update OP ip-dhcp-host` of a
# libvirt network (OP add-last, modify or delete; SCOPE the --live/--config flags) with the entry's
# owner mark (lib/owner-mark.sh) in the same round trip: add-last and modify write the mark for
# OWNER first (none when OWNER is empty), and a failed add-last removes it again; delete removes
# it after the entry. A failed net-update fails at step `net-update` with libvirt's words.
set -u
VOIDVM_URI=$1
network=$2
op=$3
mac=$4
entry=$5
owner=$6
shift 6
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"

mark=$(dhcp_host_mark "$network" "$mac") || mark=
if [ "$op" != delete ] && [ -n "$owner" ] && [ -n "$mark" ]; then
	if ! err=$(mark_write "$mark" "$mac" "$owner" 2>&1); then fail mark "$err"; fi
fi
if ! err=$(v net-update --network "$network" "$op" ip-dhcp-host "$entry" "$@" 2>&1 >/dev/null); then
	if [ "$op" = add-last ] && [ -n "$owner" ] && [ -n "$mark" ]; then mark_remove "$mark"; fi
	fail net-update "$err"
fi
if [ "$op" = delete ] && [ -n "$mark" ]; then mark_remove "$mark"; fi
section updated
