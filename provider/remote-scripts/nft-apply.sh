#!/bin/sh
# nft-apply.sh FAMILY TABLE RULES_FILE FINGERPRINT TRANSACTION OPENINGS_TO_ADD OPENINGS_TO_DELETE HEADER
# Applies one port forward's change; run with ExecOptions.sudo (nft, iptables and the rules file
# need root). Under a host-wide lock (flock on RULES_FILE's directory), and only if the table is
# still the one with FINGERPRINT (else the section `changed`: compute the change again).
# Order: open libvirt's firewall (the iptables OPENINGS_TO_ADD, one rule a line), then the nft
# TRANSACTION (atomic; empty: none), then close the OPENINGS_TO_DELETE, then save HEADER, the
# table and the openings to RULES_FILE for the boot hook (nft-boot-hook.sh), or remove it when
# the table is gone. A failure before the save undoes what this run did.
# Failed steps: config-dir, lock, iptables, nft (nothing changed), save (the rules are active but
# not saved); the reason is on stderr.
set -u
family=$1
table=$2
conf=$3
expected=$4
transaction=$5
add=$6
del=$7
header=$8
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/as-root.sh
. "$VOIDVM_LIB/as-root.sh"
# shellcheck source=lib/nft-table.sh
. "$VOIDVM_LIB/nft-table.sh"

dir=${conf%/*}
[ -d "$dir" ] || fail config-dir "the directory $dir does not exist on the host; VoidVM saves its port-forward rules there so that they survive a reboot (create it as root: install -d -m 755 $dir)"
exec 9<"$dir"
flock -w 120 9 || fail lock "another VoidVM port-forward change held the lock on $dir for 120 s"
if [ "$(fingerprint "$(table_json "$family" "$table")")" != "$expected" ]; then
	section changed
	exit 0
fi

# forward_rule OP SPEC [POSITION]: `iptables -w OP FORWARD [POSITION] SPEC` as root. SPEC is one
# opening ("-d IP/32 -p tcp -m tcp --dport PORT ... -j ACCEPT"), a list of words.
set -f
forward_rule() {
	forward_op=$1
	forward_spec=$2
	shift 2
	# shellcheck disable=SC2086 # SPEC is a list of words, split on purpose (no globbing: set -f)
	as_root iptables -w "$forward_op" FORWARD "$@" $forward_spec
}

nl='
'
added=""
undo() {
	printf '%s\n' "$added" | while IFS= read -r spec; do
		if [ -n "$spec" ]; then forward_rule -D "$spec" 2>/dev/null; fi
	done
}

while IFS= read -r spec; do
	[ -n "$spec" ] || continue
	if ! forward_rule -C "$spec" 2>/dev/null; then
		if ! forward_rule -I "$spec" 1; then
			undo
			fail iptables
		fi
		added="$added$nl$spec"
	fi
done <<EOF_ADD
$add
EOF_ADD
if [ -n "$transaction" ] && ! printf '%s\n' "$transaction" | as_root nft -f -; then
	undo
	fail nft
fi
while IFS= read -r spec; do
	if [ -n "$spec" ]; then forward_rule -D "$spec" 2>/dev/null; fi
done <<EOF_DEL
$del
EOF_DEL

if saved=$(as_root nft list table "$family" "$table" 2>/dev/null); then
	openings=$(as_root iptables -w -S FORWARD 2>/dev/null | grep -F 'voidvm:pf-' | tr -d '"' | sed 's/^-A FORWARD /# iptables-opening: /')
	printf '%s\n%s\n%s\n' "$header" "$saved" "$openings" | as_root install -m 600 /dev/stdin "$conf" || fail save
else
	as_root rm -f "$conf" || fail save
fi
section applied
