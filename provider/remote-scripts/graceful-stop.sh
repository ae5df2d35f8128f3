#!/bin/sh
# graceful-stop.sh URI NAME TIMEOUT
# Section `stop`: `already`, `graceful` or `forced` (see lib/graceful-stop.sh).
set -u
VOIDVM_URI=$1
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/graceful-stop.sh
. "$VOIDVM_LIB/graceful-stop.sh"

section stop
graceful_stop "$2" "$3"
