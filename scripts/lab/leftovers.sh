#!/usr/bin/env bash
# Prints what tests left on the lab host (test domains, volumes, VoidVM nft tables, cron files);
# prints nothing when the host is clean. Test objects are named vvt-* / voidvm-test-*.
set -uo pipefail
URI=qemu:///system
virsh -q -c "$URI" list --all --name 2>/dev/null | grep -E '^(vvt-|voidvm-test-|web-)' | sed 's/^/domain: /'
virsh -q -c "$URI" vol-list --pool voidvm 2>/dev/null | awk '{print $1}' | grep -E '^(vvt-|voidvm-test-|web-)' | sed 's/^/volume: /'
nft list tables 2>/dev/null | awk '{print $3}' | grep -E '^voidvm' | sed 's/^/nft table: /'
ls /etc/cron.d 2>/dev/null | grep -E '^voidvm-' | sed 's/^/cron file: /'
exit 0
