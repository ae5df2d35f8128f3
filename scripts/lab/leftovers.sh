#!/usr/bin/env bash
# Lists what exists on the lab host that tests could leave behind: libvirt domains, volumes of the
# `voidvm` pool, nft tables named voidvm*, /etc/cron.d/voidvm-* files and DHCP host entries of the
# `default` network, a Monitoring's host collector, and the second host's domains and volumes. `npm test` runs it before and after the tiers; any line that appears only
# after is something a test left behind.
set -uo pipefail
URI=qemu:///system
virsh -q -c "$URI" list --all --name 2>/dev/null | awk 'NF { print "domain: " $0 }'
virsh -q -c "$URI" vol-list --pool voidvm 2>/dev/null | awk 'NF { print "volume: " $1 }'
nft list tables 2>/dev/null | awk '$3 ~ /^voidvm/ { print "nft table: " $3 }'
find /etc/cron.d -maxdepth 1 -name 'voidvm-*' -printf 'cron file: %f\n' 2>/dev/null
# A Monitoring's host collector: its process, config, alert rules and history.
pgrep -f 'collector\.sh run' >/dev/null && echo "host collector: running"
find /etc/voidvm -maxdepth 1 \( -name monitoring.conf -o -name 'alert-*' \) -printf 'collector file: %f\n' 2>/dev/null
[ -e /var/lib/voidvm/metrics ] && echo "collector history: /var/lib/voidvm/metrics"
virsh -q -c "$URI" net-dumpxml default 2>/dev/null | awk '/<host / { print "dhcp host: " $0 }'
# The lab's second libvirt host (second-host.sh): its domains and volumes.
# shellcheck source=second-host.sh
source "$(dirname "${BASH_SOURCE[0]}")/second-host.sh"
lab2_leftovers
exit 0
