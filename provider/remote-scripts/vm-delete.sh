#!/bin/sh
# vm-delete.sh URI NAME STOP_TIMEOUT ROOT_TARGET POOL VOLUME [SEED_POOL SEED_VOLUME]
# Removes a VM in one round trip: stops it, undefines it with its managed-save image, snapshot
# metadata and NVRAM, then deletes its own root volume (VOLUME empty: none) and its cloud-init
# seed volume (SEED_VOLUME, absent or empty: none).
#
# A running VM is shut down gracefully (ACPI, forced after STOP_TIMEOUT seconds) only when a disk
# outlives it: a writable disk other than its root disk (ROOT_TARGET), say a Disk resource's
# volume. Otherwise everything the guest could write is deleted anyway, and the VM is stopped at
# once: a guest without an OS never answers ACPI, and waiting for it helps nobody.
set -u
VOIDVM_URI=$1
name=$2
stop_timeout=$3
root_target=$4
pool=$5
volume=$6
seed_pool=${7:-}
seed_volume=${8:-}
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/graceful-stop.sh
. "$VOIDVM_LIB/graceful-stop.sh"

# delete_volume POOL NAME STEP: deletes the volume; one that is not there (or whose pool is not) is fine.
delete_volume() {
	if ! delete_err=$(v vol-delete --pool "$1" --vol "$2" 2>&1 >/dev/null); then
		printf '%s' "$delete_err" | grep -qE 'Storage (volume|pool) not found' || fail "$3" "$delete_err"
	fi
}

quoted=$(virsh_quote "$name")
# The state and the disks in one virsh process.
facts_err=$(mktemp) || fail state "could not create a temporary file on the host"
facts=$(virsh_batch "domstate -- $quoted; echo '@@voidvm disks'; domblklist --details -- $quoted" 2>"$facts_err")
err=$(cat "$facts_err")
rm -f "$facts_err"
state=$(printf '%s\n' "$facts" | sed '/^@@voidvm disks$/,$d' | grep -v '^$' | head -n 1)
if [ -z "$state" ] && ! is_missing_domain "$err"; then fail state "$err"; fi
if [ -n "$state" ]; then
	if [ "$state" = running ]; then
		survivors=$(printf '%s\n' "$facts" | sed '1,/^@@voidvm disks$/d' | awk -v root="$root_target" '$2 == "disk" && $3 != root' | wc -l)
		if [ "$survivors" -gt 0 ]; then
			graceful_stop "$name" "$stop_timeout" >/dev/null
		fi
	fi
	undefine="undefine --managed-save --snapshots-metadata --nvram -- $quoted"
	# A domain not shut off is stopped in the same virsh process; the status is undefine's.
	if [ "$state" != "shut off" ]; then undefine="destroy -- $quoted; $undefine"; fi
	if ! err=$(virsh_batch "$undefine" 2>&1 >/dev/null); then
		is_missing_domain "$err" || fail undefine "$err"
	fi
fi

if [ -n "$volume" ]; then delete_volume "$pool" "$volume" delete-volume; fi
if [ -n "$seed_volume" ]; then delete_volume "$seed_pool" "$seed_volume" delete-seed; fi
section deleted
