#!/bin/sh
# vm-observe.sh URI NAME: a VirtualMachine's refresh in one round trip (see lib/observe.sh).
set -u
VOIDVM_URI=$1
name=$2
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/leases.sh
. "$VOIDVM_LIB/leases.sh"
# shellcheck source=lib/observe.sh
. "$VOIDVM_LIB/observe.sh"

observe_domain "$name"
