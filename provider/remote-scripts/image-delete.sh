#!/bin/sh
# image-delete.sh URI POOL VOLUME: deletes an Image's volume unless another volume uses it as its
# backing file (a VM's copy-on-write root disk, a Disk): then fails at step `in-use` and lists
# them as "POOL/VOLUME" lines on stderr. An absent volume prints the section `absent`. The volume's
# owner mark (lib/owner-mark.sh) goes with it.
set -u
VOIDVM_URI=$1
pool=$2
volume=$3
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/backing-users.sh
. "$VOIDVM_LIB/backing-users.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"

mark=$(volume_mark "$pool" "$volume") || mark=
if ! path=$(v vol-path --pool "$pool" "$volume" 2>/dev/null); then
	if [ -n "$mark" ]; then mark_remove "$mark"; fi
	section absent
	exit 0
fi
users=$(backing_users "$path")
if [ -n "$users" ]; then fail in-use "$users"; fi
if ! err=$(v vol-delete --pool "$pool" --vol "$volume" 2>&1 >/dev/null); then fail delete-volume "$err"; fi
if [ -n "$mark" ]; then mark_remove "$mark"; fi
section deleted
