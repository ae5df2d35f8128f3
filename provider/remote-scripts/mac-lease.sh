#!/bin/sh
# mac-lease.sh URI NETWORK MAC WAIT_SECONDS
# Section `lease`: the IPv4 address of the newest DHCP lease of MAC (lower case) on NETWORK,
# waiting up to WAIT_SECONDS for it (empty when none came).
set -u
VOIDVM_URI=$1
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/leases.sh
. "$VOIDVM_LIB/leases.sh"

section lease
mac_lease "$2" "$3" "$4"
