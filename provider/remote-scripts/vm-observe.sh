#!/bin/sh
# vm-observe.sh URI NAME...: VirtualMachines' refresh in one round trip and one virsh process
# (see lib/observe.sh): each NAME's sections prefixed with `dN-`, N its position.
set -u
VOIDVM_URI=$1
shift
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/observe.sh
. "$VOIDVM_LIB/observe.sh"

observe_domains "$@"
