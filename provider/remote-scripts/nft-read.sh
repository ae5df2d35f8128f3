#!/bin/sh
# nft-read.sh FAMILY TABLE
# What the host has now for port forwarding, in one round trip; run with ExecOptions.sudo (nft
# and iptables need root). Section `host`, lines:
#   the fingerprint of the table (see lib/nft-table.sh), the table as JSON (empty: no table),
#   "@@ss", `ss -Hlntu` (listening sockets), "@@iptables", `iptables -w -S FORWARD` or "@@none"
#   when iptables is not there.
# Fails at the step `nft-access` when nft cannot be run as root (its words on stderr).
set -u
family=$1
table=$2
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/as-root.sh
. "$VOIDVM_LIB/as-root.sh"
# shellcheck source=lib/nft-table.sh
. "$VOIDVM_LIB/nft-table.sh"

if ! err=$(as_root nft list tables 2>&1 >/dev/null); then fail nft-access "$err"; fi
json=$(table_json "$family" "$table")
section host
fingerprint "$json"
printf '%s\n' "$json"
echo '@@ss'
ss -Hlntu 2>/dev/null
echo '@@iptables'
as_root iptables -w -S FORWARD 2>/dev/null || echo '@@none'
exit 0
