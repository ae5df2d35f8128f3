#!/usr/bin/env bash
# Boot the installed test guest once and check what the provider's tests rely
# on: the VOIDVM-READY / VOIDVM-IP serial markers, the HTTP page and CGIs,
# the UDP echo, a disk write/read, live vCPU/NIC/disk/memory changes and
# ACPI shutdown. The
# throwaway domain (vvt-smoke-*) and its volume are removed afterwards, also
# on failure. Prints how long boot and shutdown took.
#
# Run as root on a host prepared by host-up.sh (libvirt, `default` network,
# `voidvm` pool). Called by build-guest.sh after a fresh build.
set -euo pipefail

URI=qemu:///system
POOL=voidvm
NETWORK=default
GUEST_DIR=${VOIDVM_GUEST_DIR:-/var/lib/voidvm/guest}
CONSOLE_DIR=/var/lib/voidvm/console
NAME="vvt-smoke-$$"
VOL="$NAME.qcow2"
VOL2="$NAME-b.qcow2"
SERIAL="$CONSOLE_DIR/$NAME.log"
BOOT_TIMEOUT=${VOIDVM_SMOKE_BOOT_TIMEOUT:-120}

log() { echo "[guest-smoke] $*" >&2; }
die() {
	log "FAILED: $*"
	if [[ -f $SERIAL ]]; then
		log "serial console of $NAME:"
		tail -n 40 "$SERIAL" >&2 || true
	fi
	exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
v() { virsh -q -c "$URI" "$@"; }

cleanup() {
	v destroy "$NAME" >/dev/null 2>&1 || true
	v undefine "$NAME" >/dev/null 2>&1 || true
	v vol-delete --pool "$POOL" "$VOL" >/dev/null 2>&1 || true
	v vol-delete --pool "$POOL" "$VOL2" >/dev/null 2>&1 || true
	[[ -n ${VOIDVM_SMOKE_KEEP_LOG:-} ]] || rm -f "$SERIAL"
}
trap cleanup EXIT

define_domain() {
	install -d -m 2775 "$CONSOLE_DIR"
	# Pre-created + append='on': libvirt then keeps the file as it is. Without
	# that it (re)creates it as root, mode 600, which the unprivileged lab
	# user could not read.
	install -m 664 /dev/null "$SERIAL"
	v vol-create-as "$POOL" "$VOL" 8M --format qcow2 >/dev/null
	local vol_path
	vol_path=$(v vol-path --pool "$POOL" "$VOL")
	# vcpu current=1 of 2 so that a live hot-plug can be checked.
	v define /dev/stdin >/dev/null <<EOF
<domain type='qemu'>
  <name>$NAME</name>
  <memory unit='MiB'>256</memory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$GUEST_DIR/vmlinuz</kernel>
    <initrd>$GUEST_DIR/initrd.gz</initrd>
    <cmdline>console=ttyS0 voidvm.hostname=$NAME</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$vol_path'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <source network='$NETWORK'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'>
      <source path='$SERIAL' append='on'/>
      <target port='0'/>
    </serial>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF
}

# wait_for_serial REGEX SECONDS: until a serial line matches.
wait_for_serial() {
	local regex=$1 timeout=$2 start
	start=$(date +%s)
	until grep -aEq "$regex" "$SERIAL" 2>/dev/null; do
		(($(date +%s) - start < timeout)) || die "no '$regex' on the serial console after ${timeout}s"
		sleep 0.2
	done
}

# get PATH: GET http://GUEST/PATH (the guest is on this lab's own NAT network).
get() {
	curl -sS --noproxy '*' --max-time 10 "http://$IP/$1"
}

expect() {
	local what=$1 got=$2 regex=$3
	[[ $got =~ $regex ]] || die "$what: got '$got', expected /$regex/"
	log "ok: $what -> $(echo "$got" | head -n 3 | tr '\n' ' ')"
}

check_http() {
	local boot_id status
	expect "index.html" "$(get '')" "voidvm test guest.*$NAME"
	expect "uptime" "$(get cgi-bin/uptime)" '^[0-9]+\.[0-9]+$'
	boot_id=$(get cgi-bin/boot-id)
	expect "boot-id" "$boot_id" '^[0-9a-f-]{36}$'
	expect "ifaces" "$(get cgi-bin/ifaces)" "^eth0 $IP\$"
	expect "links" "$(get cgi-bin/links)" '^eth0 52:54:00:'
	expect "disks" "$(get cgi-bin/disks)" 'vda'
	expect "meminfo" "$(get cgi-bin/meminfo)" '^MemTotal: +[0-9]+ kB$'
	expect "cpus" "$(get cgi-bin/cpus)" '^1$'
	expect "disk-write" "$(get 'cgi-bin/disk-write?dev=vda&pattern=SMOKE')" '^ok vda 1048576$'
	expect "disk-read" "$(get 'cgi-bin/disk-read?dev=vda')" '^(SMOKE){12}SMOK$'
	status=$(curl -s --noproxy '*' --max-time 10 -o /dev/null -w '%{http_code}' "http://$IP/cgi-bin/disk-read?dev=../etc/passwd")
	expect "disk-read refuses a bad dev" "$status" '^400$'
	expect "page" "$(get 'cgi-bin/page?text=hello%20snapshot')" '^ok$'
	expect "index.html after page" "$(get '')" 'hello snapshot'
	expect "dmesg" "$(get cgi-bin/dmesg)" 'Linux version'
	expect "log" "$(get 'cgi-bin/log?name=udhcpc.eth0')" 'lease of'
}

check_udp_echo() {
	local reply=''
	exec 3<>"/dev/udp/$IP/7"
	printf 'voidvm-ping' >&3
	read -r -t 5 -N 11 reply <&3 || true
	exec 3>&-
	expect "udp echo" "$reply" '^voidvm-ping$'
}

check_cpu_hotplug() {
	local start n
	start=$(now)
	v setvcpus "$NAME" 2 --live
	for _ in $(seq 1 50); do
		n=$(get cgi-bin/cpus)
		[[ $n == 2 ]] && break
		sleep 0.2
	done
	expect "cpus after setvcpus --live 2 ($(elapsed "$start") s)" "$n" '^2$'
}

# A NIC attached live gets its own DHCP lease (the guest's watch loop) and
# loses its udhcpc when detached.
check_nic_hotplug() {
	local start mac ip1
	start=$(now)
	v attach-interface "$NAME" network "$NETWORK" --model virtio --live >/dev/null
	log "attach-interface returned after $(elapsed "$start") s"
	wait_for_serial '^VOIDVM-IP eth1 ' 60
	ip1=$(grep -aE '^VOIDVM-IP eth1 ' "$SERIAL" | tail -n1 | awk '{ print $3 }' | tr -d '\r')
	expect "ifaces after attach-interface ($(elapsed "$start") s)" "$(get cgi-bin/ifaces)" "eth1 $ip1"
	mac=$(v domiflist "$NAME" | awk 'NR == 2 { print $5 }')
	v detach-interface "$NAME" network --mac "$mac" --live >/dev/null
	for _ in $(seq 1 50); do
		[[ $(get cgi-bin/ifaces) != *eth1* ]] && break
		sleep 0.2
	done
	expect "ifaces after detach-interface" "$(get cgi-bin/ifaces)" "^eth0 $IP\$"
}

# A disk attached live shows up as vdb and can be written and read back.
check_disk_hotplug() {
	v vol-create-as "$POOL" "$VOL2" 4M --format qcow2 >/dev/null
	v attach-disk "$NAME" "$(v vol-path --pool "$POOL" "$VOL2")" vdb --driver qemu --subdriver qcow2 --live >/dev/null
	for _ in $(seq 1 50); do
		[[ $(get cgi-bin/disks) == *vdb* ]] && break
		sleep 0.2
	done
	expect "disks after attach-disk" "$(get cgi-bin/disks)" 'vdb'
	expect "disk-write vdb" "$(get 'cgi-bin/disk-write?dev=vdb&pattern=XYZ')" '^ok vdb 1048576$'
	expect "disk-read vdb" "$(get 'cgi-bin/disk-read?dev=vdb')" '^(XYZ){21}X$'
	v detach-disk "$NAME" vdb --live >/dev/null
}

# With virtio_balloon loaded, a live memory change shows in MemTotal.
check_balloon() {
	local before after
	before=$(get cgi-bin/meminfo | awk '{ print $2 }')
	v setmem "$NAME" 200M --live
	for _ in $(seq 1 50); do
		after=$(get cgi-bin/meminfo | awk '{ print $2 }')
		((after < before)) && break
		sleep 0.2
	done
	((after < before)) || die "MemTotal stayed $after kB after setmem 200M"
	log "ok: setmem --live 200M -> MemTotal $before -> $after kB"
}

check_shutdown() {
	local start
	start=$(now)
	v shutdown "$NAME" >/dev/null
	for _ in $(seq 1 150); do
		[[ $(v domstate "$NAME") == "shut off" ]] && break
		sleep 0.2
	done
	[[ $(v domstate "$NAME") == "shut off" ]] || die "still $(v domstate "$NAME") 30 s after virsh shutdown"
	log "ok: virsh shutdown -> shut off in $(elapsed "$start") s"
}

main() {
	local start
	[[ -r $GUEST_DIR/vmlinuz && -r $GUEST_DIR/initrd.gz ]] || die "no guest in $GUEST_DIR (run build-guest.sh)"
	define_domain
	start=$(now)
	v start "$NAME" >/dev/null
	wait_for_serial '^VOIDVM-READY' "$BOOT_TIMEOUT"
	IP=$(grep -aE '^VOIDVM-IP eth0 ' "$SERIAL" | tail -n1 | awk '{ print $3 }' | tr -d '\r')
	log "ok: VOIDVM-READY $(elapsed "$start") s after start, eth0 $IP"
	check_http
	check_udp_echo
	check_cpu_hotplug
	check_nic_hotplug
	check_disk_hotplug
	check_balloon
	check_shutdown
	log "guest passed the smoke test"
}

main "$@"
