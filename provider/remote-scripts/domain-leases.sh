#!/bin/sh
# domain-leases.sh URI NAME WAIT_SECONDS
# Section `leases`: "MAC IP/PREFIX" per IPv4 DHCP lease of the domain's interfaces, waiting up
# to WAIT_SECONDS for the first one (empty when none came).
set -u
VOIDVM_URI=$1
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/leases.sh
. "$VOIDVM_LIB/leases.sh"

section leases
leases "$2" "$3"
