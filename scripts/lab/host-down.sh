#!/usr/bin/env bash
# Remove what VoidVM tests leave on the lab host (`npm run host:down`, as
# root), then stop the lab sshd:
#   - libvirt domains named voidvm-test-* or vvt-* (with managed-save images,
#     snapshot/checkpoint metadata and NVRAM)
#   - every volume of the `voidvm` pool (the pool itself stays)
#   - their serial-console logs in /var/lib/voidvm/console
#   - nftables tables whose name starts with "voidvm" (port forwards)
#   - /etc/cron.d/voidvm-* files
#   - a Monitoring's host collector (process, history, alert rules and states:
#     collector.sh purge), and its files in /etc/voidvm
#   - DHCP host entries of the `default` network for MACs 52:54:00:56:*
#     (the MAC prefix the tests use for fixed addresses)
#   - the lab sshd started by host-up.sh (its pid file)
#   - on the second host (second-host.sh): test domains, the volumes of its
#     pool, and its sshd
#
# It deliberately leaves running: libvirtd, virtlogd, cron, the `default`
# network and the pool (other domains or tools on this machine may use
# them), and keeps the voidvm user, its key, sudo rules and the built guest,
# so host-up.sh is quick afterwards. Safe when there is nothing to remove.
set -euo pipefail

URI=qemu:///system
POOL=voidvm
NETWORK=default
CONSOLE_DIR=/var/lib/voidvm/console
OWNERS_DIR=/var/lib/voidvm/owners
SSHD_PID=/run/voidvm-lab-sshd.pid
DOMAIN_REGEX='^(voidvm-test-|vvt-)'
MAC_PREFIX='52:54:00:56:'

log() { echo "[host-down] $*" >&2; }
# The lab's second libvirt host: its test domains and volumes, and its sshd.
# shellcheck source=second-host.sh
source "$(dirname "${BASH_SOURCE[0]}")/second-host.sh"

v() { virsh -q -c "$URI" "$@"; }

libvirt_answers() {
	virsh -c "$URI" version >/dev/null 2>&1
}

# info_field SUBCOMMAND NAME FIELD: FIELD's value in `virsh SUBCOMMAND NAME`.
# (Not `| grep -q`: virsh may die of SIGPIPE and pipefail fails the test.)
info_field() {
	v "$1" "$2" | awk -F': *' -v f="$3" '$1 == f { print $2 }'
}

# undefine DOMAIN: with every flag that may apply; older or simpler domains
# reject some (e.g. --nvram on a domain that never had one, on some
# versions), so fall back to fewer flags.
undefine_domain() {
	local dom=$1
	v undefine "$dom" --managed-save --snapshots-metadata --checkpoints-metadata --nvram >/dev/null 2>&1 ||
		v undefine "$dom" --managed-save --snapshots-metadata >/dev/null 2>&1 ||
		v undefine "$dom" >/dev/null
}

remove_domains() {
	local dom count=0
	while read -r dom; do
		[[ -n $dom ]] || continue
		if [[ $(v domstate "$dom" 2>/dev/null) != "shut off" ]]; then
			v destroy "$dom" >/dev/null 2>&1 || true
		fi
		# A transient domain is gone once destroyed.
		if v dominfo "$dom" >/dev/null 2>&1; then
			undefine_domain "$dom"
		fi
		count=$((count + 1))
	done < <(v list --all --name | grep -E "$DOMAIN_REGEX" || true)
	log "domains: removed $count"
}

# Volumes of our pool, after a refresh so files copied in by hand count too.
remove_volumes() {
	local vol count=0
	if ! v pool-info "$POOL" >/dev/null 2>&1; then
		log "volumes: no pool $POOL"
		return
	fi
	if [[ $(info_field pool-info "$POOL" State) != running ]]; then
		v pool-start "$POOL" >/dev/null
	fi
	v pool-refresh "$POOL" >/dev/null
	while read -r vol; do
		[[ -n $vol ]] || continue
		v vol-delete --pool "$POOL" "$vol" >/dev/null
		count=$((count + 1))
	done < <(v vol-list "$POOL" | awk '{ print $1 }')
	log "volumes: removed $count from pool $POOL"
}

# Owner marks (the provider's owner registry) of test volumes and of every
# DHCP host entry (the lab's networks hold test reservations only).
remove_owner_marks() {
	local n
	[[ -d $OWNERS_DIR ]] || return 0
	n=$( (grep -rlE '^name=(voidvm-test-|vvt-)' "$OWNERS_DIR/volume" 2>/dev/null; find "$OWNERS_DIR/dhcp-host" -type f 2>/dev/null) | xargs -r rm -fv | wc -l)
	log "owner marks: removed $n"
}

remove_console_logs() {
	local n
	[[ -d $CONSOLE_DIR ]] || return 0
	n=$(find "$CONSOLE_DIR" -maxdepth 1 -type f \( -name 'voidvm-test-*' -o -name 'vvt-*' \) -print -delete | wc -l)
	log "console logs: removed $n"
}

# Each `<host mac=... />` of the network's DHCP section (live and persistent
# definitions) whose MAC has our prefix. Deleting needs only the MAC.
remove_dhcp_hosts() {
	local macs mac flags count=0
	if ! v net-info "$NETWORK" >/dev/null 2>&1; then
		log "dhcp hosts: no network $NETWORK"
		return
	fi
	macs=$({
		v net-dumpxml "$NETWORK"
		v net-dumpxml --inactive "$NETWORK"
	} | grep -oiE "<host [^>]*mac=['\"]${MAC_PREFIX}[0-9a-f:]+['\"]" |
		grep -oiE "${MAC_PREFIX}[0-9a-f:]+" | tr 'A-F' 'a-f' | sort -u || true)
	for mac in $macs; do
		# --live only applies to a running network; try both, then each alone
		# (an entry may exist in just one of the two definitions).
		flags=(--config)
		if [[ $(info_field net-info "$NETWORK" Active) == yes ]]; then
			flags=(--live --config)
		fi
		v net-update "$NETWORK" delete ip-dhcp-host "<host mac='$mac'/>" "${flags[@]}" >/dev/null 2>&1 ||
			{
				v net-update "$NETWORK" delete ip-dhcp-host "<host mac='$mac'/>" --live >/dev/null 2>&1 || true
				v net-update "$NETWORK" delete ip-dhcp-host "<host mac='$mac'/>" --config >/dev/null 2>&1 || true
			}
		count=$((count + 1))
	done
	log "dhcp hosts: removed $count ($MAC_PREFIX*) from network $NETWORK"
}

# `nft list tables` prints lines like "table ip voidvm-pf-web".
remove_nft_tables() {
	local family name count=0
	if ! command -v nft >/dev/null; then
		log "nft tables: nft not installed"
		return
	fi
	while read -r _ family name; do
		[[ $name == voidvm* ]] || continue
		nft delete table "$family" "$name"
		count=$((count + 1))
	done < <(nft list tables 2>/dev/null || true)
	log "nft tables: removed $count"
}

remove_cron_files() {
	local f count=0
	for f in /etc/cron.d/voidvm-*; do
		[[ -e $f ]] || continue
		rm -f "$f"
		count=$((count + 1))
	done
	log "cron files: removed $count"
}

remove_collector() {
	if [[ -r /etc/voidvm/collector.sh && -r /etc/voidvm/monitoring.conf ]]; then
		rm -f /etc/cron.d/voidvm-monitoring
		sh /etc/voidvm/collector.sh purge /etc/voidvm/monitoring.conf || true
		log "host collector: stopped and purged"
	fi
	rm -f /etc/voidvm/collector.sh /etc/voidvm/monitoring.conf /etc/voidvm/alert-*.conf /etc/voidvm/alert-*.webhook
}

stop_sshd() {
	local pid
	pid=$(cat "$SSHD_PID" 2>/dev/null || true)
	if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null || ! grep -q sshd "/proc/$pid/cmdline" 2>/dev/null; then
		log "lab sshd: not running"
		rm -f "$SSHD_PID"
		return
	fi
	kill "$pid"
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "lab sshd: pid $pid did not stop"
		return 1
	fi
	rm -f "$SSHD_PID"
	log "lab sshd: stopped (pid $pid)"
}

main() {
	[[ $(id -u) == 0 ]] || {
		log "ERROR: run as root"
		exit 1
	}
	if libvirt_answers; then
		remove_domains
		remove_volumes
		remove_dhcp_hosts
	else
		log "libvirt is not running: nothing to remove there"
	fi
	remove_console_logs
	remove_owner_marks
	remove_nft_tables
	remove_collector
	remove_cron_files
	lab2_down
	stop_sshd
	log "done (libvirtd, virtlogd, cron, network $NETWORK and pool $POOL keep running)"
}

main "$@"
