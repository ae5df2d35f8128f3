#!/usr/bin/env bash
# Lists what exists on the lab host that tests could leave behind: libvirt domains, volumes of the
# `voidvm` pool, nft tables named voidvm*, /etc/cron.d/voidvm-* files and DHCP host entries of the
# `default` network. `npm test` runs it before and after the tiers; any line that appears only
# after is something a test left behind.
set -uo pipefail
URI=qemu:///system
virsh -q -c "$URI" list --all --name 2>/dev/null | awk 'NF { print "domain: " $0 }'
virsh -q -c "$URI" vol-list --pool voidvm 2>/dev/null | awk 'NF { print "volume: " $1 }'
nft list tables 2>/dev/null | awk '$3 ~ /^voidvm/ { print "nft table: " $3 }'
ls /etc/cron.d 2>/dev/null | awk '/^voidvm-/ { print "cron file: " $0 }'
virsh -q -c "$URI" net-dumpxml default 2>/dev/null | awk '/<host / { print "dhcp host: " $0 }'
exit 0
