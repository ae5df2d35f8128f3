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

if state=$(v domstate -- "$name" 2>/dev/null); then
	if [ "$state" = running ]; then
		survivors=$(v domblklist --details -- "$name" 2>/dev/null | awk -v root="$root_target" '$2 == "disk" && $3 != root' | wc -l)
		if [ "$survivors" -gt 0 ]; then
			graceful_stop "$name" "$stop_timeout" >/dev/null
		fi
	fi
	v destroy -- "$name" >/dev/null 2>&1
	if ! err=$(v undefine --managed-save --snapshots-metadata --nvram -- "$name" 2>&1 >/dev/null); then
		is_missing_domain "$err" || fail undefine "$err"
	fi
fi

if [ -n "$volume" ] && v vol-info --pool "$pool" --vol "$volume" >/dev/null 2>&1; then
	if ! err=$(v vol-delete --pool "$pool" --vol "$volume" 2>&1 >/dev/null); then
		fail delete-volume "$err"
	fi
fi
if [ -n "$seed_volume" ] && v vol-info --pool "$seed_pool" --vol "$seed_volume" >/dev/null 2>&1; then
	if ! err=$(v vol-delete --pool "$seed_pool" --vol "$seed_volume" 2>&1 >/dev/null); then
		fail delete-seed "$err"
	fi
fi
section deleted
