#!/bin/sh
# volume-create.sh URI POOL NAME CAPACITY_GIB FORMAT PREALLOCATION BACKING: one volume (see
# lib/create-volume.sh).
set -u
VOIDVM_URI=$1
shift
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/create-volume.sh
. "$VOIDVM_LIB/create-volume.sh"

if ! err=$(create_volume "$@" 2>&1 >/dev/null); then fail create-volume "$err"; fi
section created
