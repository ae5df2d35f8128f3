#!/bin/sh
# volume-read.sh URI POOL NAME: a volume's definition and owner in one round trip. Sections: `xml`
# (vol-dumpxml) and `owner` (the owner its mark names, empty when unmarked; see
# lib/owner-mark.sh); or `absent` when there is no such volume or pool. Any other failure of
# vol-dumpxml fails at step `dumpxml` with libvirt's words on stderr.
set -u
VOIDVM_URI=$1
pool=$2
name=$3
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"

if ! xml=$(v vol-dumpxml --pool "$pool" --vol "$name" 2>&1); then
	if printf '%s' "$xml" | grep -qiE 'Storage volume not found|failed to get vol|Storage pool not found|failed to get pool'; then
		section absent
		exit 0
	fi
	fail dumpxml "$xml"
fi
section xml
printf '%s\n' "$xml"
section owner
if mark=$(volume_mark "$pool" "$name"); then mark_owner "$mark"; fi
