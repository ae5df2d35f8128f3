#!/bin/sh
# volume-delete.sh URI POOL NAME: deletes a volume and its owner mark (lib/owner-mark.sh) in one
# round trip. Section `deleted`, or `absent` when there was no such volume (a mark left without
# its volume goes either way).
set -u
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"
VOIDVM_URI=$1 pool=$2 name=$3

mark=$(volume_mark "$pool" "$name") || mark=
if ! v vol-info --pool "$pool" --vol "$name" >/dev/null 2>&1; then
	if [ -n "$mark" ]; then mark_remove "$mark"; fi
	section absent
	exit 0
fi
if ! err=$(v vol-delete --pool "$pool" --vol "$name" 2>&1 >/dev/null); then fail delete-volume "$err"; fi
if [ -n "$mark" ]; then mark_remove "$mark"; fi
section deleted
