#!/bin/sh
# VoidVM snapshot tool (POSIX sh, virsh, awk, sed, date; flock when present).
# VoidVM sends it over SSH for every snapshot operation and installs it as
# /etc/voidvm/snapshot-run.sh for SnapshotSchedule resources. VoidVM rewrites
# it on every schedule change: do not edit it on the host.
#
#   sh snapshot-run.sh run CONF
#       One scheduled run (cron): take a snapshot, then apply retention.
#       Everything is logged to the log file named in CONF.
#   sh snapshot-run.sh create URI VM NAME MEMORY DESCRIPTION SCHEDULE FALLBACK [OWNER]
#       Take one snapshot. MEMORY: yes|no. SCHEDULE: the owning schedule or
#       empty. FALLBACK: yes = take a disk-only snapshot when MEMORY=yes but
#       the VM is not running. OWNER: the Snapshot resource's owner mark,
#       percent-encoded, for the tag. Prints "created NAME KIND CAPTURED".
#   sh snapshot-run.sh list URI VM
#       Prints "uuid UUID", "current NAME", then each snapshot's XML after a
#       line "--voidvm-snapshot--". Prints "absent" when the VM does not exist.
#   sh snapshot-run.sh virsh URI VM ARGS...
#       Runs "virsh ARGS" while holding the VM's snapshot lock.
#
# Exit codes: 0 done, 3 refused (nothing changed; the reason is on stderr,
# prefixed "voidvm: "), 4 the snapshot name is taken, 1 failed, 2 usage.
#
# Kinds of snapshot (libvirt 9, qcow2 disks; all internal, all revertible):
#   full      running/paused VM, memory wanted: libvirt internal snapshot
#             with memory (the VM pauses while its memory is saved).
#   disk      running/paused VM, no memory: every writable qcow2 disk gets an
#             internal snapshot in one atomic QMP transaction, then libvirt
#             learns of it (redefine, state "shutoff"): reverting it restores
#             the disks and boots the VM from them. libvirt 9 itself can only
#             make external disk-only snapshots of a running VM, and cannot
#             revert those.
#   offline   stopped or suspended VM: libvirt internal snapshot (disks only).
#
# Source: provider/remote-scripts/snapshot.sh of VoidVM, with its lib/snapshot-*.sh included.
set -u
LC_ALL=C
export LC_ALL

VOIDVM_URI=qemu:///system
VV_LOCKED=
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/snapshot-state.sh
. "$VOIDVM_LIB/snapshot-state.sh"
# shellcheck source=lib/snapshot-live-disk.sh
. "$VOIDVM_LIB/snapshot-live-disk.sh"
# shellcheck source=lib/snapshot-create.sh
. "$VOIDVM_LIB/snapshot-create.sh"
# shellcheck source=lib/snapshot-list.sh
. "$VOIDVM_LIB/snapshot-list.sh"
# shellcheck source=lib/snapshot-schedule-run.sh
. "$VOIDVM_LIB/snapshot-schedule-run.sh"

VV_TMP=$(mktemp "${TMPDIR:-/tmp}/voidvm-snapshot.XXXXXX") || exit 1
VV_ERRF=$(mktemp "${TMPDIR:-/tmp}/voidvm-snapshot.XXXXXX") || exit 1
trap 'rm -f "$VV_TMP" "$VV_ERRF"' EXIT
trap 'exit 1' HUP INT TERM

vv_cmd=${1:-}
[ $# -gt 0 ] && shift
case $vv_cmd in
run)
	[ $# -eq 1 ] || { vv_err "usage: snapshot-run.sh run CONF"; exit 2; }
	vv_run "$1"
	exit $?
	;;
create)
	[ $# -eq 7 ] || [ $# -eq 8 ] || { vv_err "usage: snapshot-run.sh create URI VM NAME MEMORY DESCRIPTION SCHEDULE FALLBACK [OWNER]"; exit 2; }
	VOIDVM_URI=$1
	vv_create "$2" "$3" "$4" "$5" "$6" "$7" "${8:-}"
	exit $?
	;;
list)
	[ $# -eq 2 ] || { vv_err "usage: snapshot-run.sh list URI VM"; exit 2; }
	VOIDVM_URI=$1
	vv_list "$2"
	exit $?
	;;
virsh)
	[ $# -ge 3 ] || { vv_err "usage: snapshot-run.sh virsh URI VM ARGS..."; exit 2; }
	VOIDVM_URI=$1
	vv_lock "$2" || exit 1
	shift 2
	v "$@"
	exit $?
	;;
*)
	vv_err "usage: snapshot-run.sh run|create|list|virsh ..."
	exit 2
	;;
esac
