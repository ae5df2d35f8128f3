#!/bin/sh
# volume-create.sh URI POOL NAME CAPACITY_GIB FORMAT PREALLOCATION BACKING OWNER: one volume (see
# lib/create-volume.sh), marked as OWNER's first (lib/owner-mark.sh; no mark when OWNER is
# empty), like a domain is defined before its disks. A volume of that name fails at step
# `exists` without touching its mark; a failed create removes the mark again.
set -u
VOIDVM_URI=$1
pool=$2
name=$3
owner=$8
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/create-volume.sh
. "$VOIDVM_LIB/create-volume.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"

if v vol-info --pool "$pool" --vol "$name" >/dev/null 2>&1; then fail exists "a volume named \"$name\" already exists in pool $pool"; fi
mark=
if [ -n "$owner" ] && mark=$(volume_mark "$pool" "$name"); then
	if ! err=$(mark_write "$mark" "$name" "$owner" 2>&1); then fail mark "$err"; fi
fi
shift
if ! err=$(create_volume "$1" "$2" "$3" "$4" "$5" "$6" 2>&1 >/dev/null); then
	if [ -n "$mark" ] && ! v vol-info --pool "$pool" --vol "$name" >/dev/null 2>&1; then mark_remove "$mark"; fi
	fail create-volume "$err"
fi
section created
