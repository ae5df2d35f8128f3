#!/usr/bin/env bash
# Build the lab's real Debian 12 ("bookworm") cloud image from Debian's own
# packages, once, and cache it. `npm run host:up` calls this (as root) and
# records the installed image in .voidvm/host.json as `images.debian12`.
#
# What comes out: a BIOS-bootable qcow2 (MBR, one ext4 partition, extlinux),
# so it boots like a downloaded cloud image: no <kernel>/<initrd> in the
# domain, just the disk (bus virtio) and, for cloud-init, a NoCloud seed
# (an ISO with volume label `cidata`) as a CD-ROM.
#   - kernel: linux-image-cloud-amd64 (6.1 cloud flavour), its own initramfs
#   - cmdline: root=UUID=<fixed> ro console=tty0 console=ttyS0,115200n8
#     (the serial console is ttyS0: point <serial type='file'> at it to read
#     the boot; systemd starts a getty on it)
#   - cloud-init 22.4, datasource_list [NoCloud, None]; default user
#     `debian` (passwordless sudo, no password, key login only), root locked
#   - network: none configured in the image; cloud-init's fallback config
#     writes DHCP on the first NIC through ifupdown (eni renderer,
#     /etc/network/interfaces.d/50-cloud-init). Predictable names are kept,
#     so the PCI slot decides the name: ens2 for a virtio NIC in libvirt's
#     default layout of a domain without video (pc machine); ens3 when a
#     video device takes slot 2. cloud-init finds it either way; a user's
#     network-config must match by name or MAC accordingly.
#   - sshd: host keys are NOT in the image (cloud-init makes them per
#     instance; a drop-in runs `ssh-keygen -A` before sshd as a fallback)
#   - /etc/machine-id empty (made at first boot), systemd-firstboot masked
#   - growpart/resizefs work (cloud-guest-utils + fdisk): an overlay larger
#     than the image's 2 GiB grows the root filesystem at first boot
#   - qemu-guest-agent is installed (runs when the domain has its channel)
#
# Cache: ${VOIDVM_CACHE:-$HOME/.cache/voidvm}/images/debian12/
#   debian12.qcow2, vmlinuz, initrd.img (the image's own kernel/initrd, for
#   debugging or direct kernel boot), image.json (paths, sha256, recipe hash)
# Reused as long as image.json's recipeHash matches the recipe (see recipe_hash)
# and the qcow2 still has the recorded sha256; otherwise rebuilt.
# Note the hash does not cover the Debian archive: a rebuild after a point
# release gives a newer kernel; --force rebuilds on purpose.
#
# Installed (world-readable: QEMU runs as libvirt-qemu, tests as voidvm) under
# a content-addressed name, so a newer build never changes the backing file
# of overlays made from an older one:
#   ${VOIDVM_IMAGE_DIR:-/var/lib/voidvm/images}/debian12-<sha256:12>.qcow2
#   (+ .vmlinuz, .initrd.img, .json) and debian12.json (the current one).
# NOT in the `voidvm` pool: host-down.sh deletes every volume of that pool.
# stdout: the installed qcow2 path, nothing else (logs go to stderr).
#
# Usage: build-debian-image.sh [--force]
#
# Learned building it here (Debian 12, 2 shared cores, no KVM), 2026-12-04:
#   - A full build took 432 s with load ~10 from other work (596 s at load
#     ~13): debootstrap ~6.5 min of it (dpkg-bound; .debs are kept in
#     images/debs-bookworm, the finished tree in images/debootstrap-*.tar,
#     so a change to the configuration rebuilds in ~25 s (measured with
#     --force). A cached run takes ~4 s (sha256 of the qcow2).
#   - Tree 569 MB, 429 MB without apt's caches; qcow2 165 MB (zlib
#     compressed, 2 GiB virtual). Kernel 6.1.0-50-cloud-amd64 (bookworm's
#     point-release kernel: the suite alone, no -updates/-security).
#   - Boot under TCG (1 vCPU, 1 GiB) of an overlay with a NoCloud ISO:
#     DHCP lease ~57 s, SSH login with the seeded key ~96 s, `cloud-init
#     status --wait` done ~130 s (at load ~13: 131 s / 247 s). Give tests
#     several minutes.
#   - Overlays: `virsh vol-create-as --backing-vol PATH` only accepts a
#     volume of some pool ("no storage vol with matching path"); `vol-create`
#     with <backingStore><path>PATH</path><format type='qcow2'/> works for a
#     plain file (add <compat>1.1</compat>: libvirt defaults to 0.10).
#   - libvirt's DAC driver chowns the whole backing chain to libvirt-qemu
#     when a domain starts and leaves the base image so afterwards: hence
#     mode 0444. A `<serial type='file'>` log is created root-only (0600):
#     the lab user cannot read it.
#   - cloud-init's locale module runs locale-gen/update-locale for any
#     locale but C/C.UTF-8 and fails without the `locales` package: the
#     image says C.UTF-8 (a user-data `locale:` other than that fails).
#   - Hostile write_files content (quotes, $(), backticks, CR/LF, tabs,
#     non-ASCII, emoji) arrives byte-identical as a JSON-quoted YAML string.
#   - --variant=minbase has no /sbin/init (systemd-sysv), no e2fsprogs in
#     the guest, no dbus (hostnamectl, used by cloud-init to set the hostname,
#     needs it) and no Recommends (openssh-sftp-server: modern scp needs it).
#     debootstrap does not resolve virtual packages: python3-cryptography
#     (cloud-init -> oauthlib) needs python3-cffi-backend-api-*, provided by
#     python3-cffi-backend, which must be named in --include.
#     apt-get in the chroot afterwards fails here: every package goes in
#     --include. Guests reach no mirror: nothing can be installed at boot.
#   - sfdisk's "Partition #1 contains a ext4 signature" is expected (the
#     filesystem is written first, the partition table after it).
#   - The filesystem is made from the tree without mounting it
#     (mkfs.ext4 -d, at a 1 MiB offset inside the raw disk); the only mount
#     (a loop mount with offset) is for `extlinux --install`, which needs a
#     mounted filesystem. syslinux's mbr.bin goes in the first 440 bytes.
#   - debootstrap copies the build machine's /etc/resolv.conf and hostname
#     into the tree and openssh-server generates host keys at install time:
#     all three are removed, or every VM would share them.
set -euo pipefail

CACHE_ROOT=${VOIDVM_CACHE:-$HOME/.cache/voidvm}
CACHE_DIR="$CACHE_ROOT/images/debian12"
DEB_CACHE="$CACHE_ROOT/images/debs-bookworm"
INSTALL_DIR=${VOIDVM_IMAGE_DIR:-/var/lib/voidvm/images}
MIRROR=${VOIDVM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
DISK_SIZE_MIB=2048
PART_START_SECTOR=2048 # 1 MiB
DEFAULT_USER=debian    # Debian's cloud-init default_user (checked after debootstrap)

# Everything the guest has. Keep sorted; any change here changes the recipe
# hash and rebuilds the image.
GUEST_PACKAGES=(
	ca-certificates cloud-guest-utils cloud-init dbus e2fsprogs fdisk ifupdown
	iproute2 iputils-ping isc-dhcp-client less linux-image-cloud-amd64 netbase
	openssh-server openssh-sftp-server procps python3-cffi-backend
	qemu-guest-agent sudo systemd-sysv udev
)
# What the build needs on this machine.
BUILD_PACKAGES=(debootstrap qemu-utils extlinux syslinux-common fdisk e2fsprogs)

log() { echo "[build-debian-image] $*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'; }

# The recipe: what decides the image's bytes (package list, suite, layout,
# the functions that make the tree and the disk). bash prints functions
# without their comments, so editing comments or logging does not rebuild.
recipe_hash() {
	{
		declare -p SUITE DISK_SIZE_MIB PART_START_SECTOR DEFAULT_USER GUEST_PACKAGES
		declare -f run_debootstrap configure_tree make_disk
	} | sha256sum | cut -c1-16
}

install_build_packages() {
	local missing=() p
	for p in "${BUILD_PACKAGES[@]}"; do
		if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) != "install ok installed" ]]; then
			missing+=("$p")
		fi
	done
	((${#missing[@]} == 0)) && return
	log "installing build tools: ${missing[*]}"
	apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
}

# json_get FILE KEY: a top-level string/number value of image.json.
json_get() {
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2" 2>/dev/null || true
}

cache_valid() {
	local json="$CACHE_DIR/image.json" want=$1
	[[ -f $json && -f $CACHE_DIR/debian12.qcow2 ]] || return 1
	[[ $(json_get "$json" recipeHash) == "$want" ]] || {
		log "cache: recipe changed ($(json_get "$json" recipeHash) -> $want)"
		return 1
	}
	[[ $(sha256sum "$CACHE_DIR/debian12.qcow2" | cut -d' ' -f1) == "$(json_get "$json" sha256)" ]] || {
		log "cache: debian12.qcow2 does not match its recorded sha256"
		return 1
	}
}

# ------------------------------------------------------------------ build

MNT=""
WORK=""
# unmount_under DIR: whatever is still mounted below DIR (a failed debootstrap
# leaves /proc, /sys and, in a container, a bind-mounted /dev in the tree),
# deepest first, so no rm -rf can ever reach the host's /dev.
unmount_under() {
	local dir m
	dir=$(realpath -m "$1")
	awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m" || true
		done
}
# remove_tree DIR: rm -rf that never crosses into a mounted filesystem.
remove_tree() {
	[[ -e $1 ]] || return 0
	unmount_under "$1"
	rm -rf --one-file-system -- "$1"
}
cleanup() {
	if [[ -n $MNT ]] && mountpoint -q "$MNT"; then
		umount "$MNT" || umount -l "$MNT" || true
	fi
	[[ -n $WORK ]] && unmount_under "$WORK"
	return 0
}
trap cleanup EXIT

run_debootstrap() {
	local root=$1 include
	include=$(
		IFS=,
		echo "${GUEST_PACKAGES[*]}"
	)
	mkdir -p "$DEB_CACHE"
	log "debootstrap $SUITE (minbase + ${#GUEST_PACKAGES[@]} packages) from $MIRROR"
	if ! debootstrap --variant=minbase --cache-dir="$DEB_CACHE" --include="$include" \
		"$SUITE" "$root" "$MIRROR" >"$root.debootstrap.log" 2>&1; then
		tail -n 30 "$root.debootstrap.log" >&2
		[[ -f $root/debootstrap/debootstrap.log ]] && tail -n 30 "$root/debootstrap/debootstrap.log" >&2
		die "debootstrap failed (log: $root.debootstrap.log)"
	fi
}

# The debootstrapped tree, before configuration, is kept as a tar keyed by
# what decides it, so changing only the configuration rebuilds in ~25 s
# instead of ~7-10 min.
debootstrap_key() {
	{
		declare -p SUITE GUEST_PACKAGES
		declare -f run_debootstrap
	} | sha256sum | cut -c1-16
}

bootstrap_tree() {
	local root=$1 tar
	tar="$CACHE_ROOT/images/debootstrap-$SUITE-$(debootstrap_key).tar"
	if [[ -f $tar ]]; then
		log "reusing the debootstrapped tree $tar"
		mkdir -p "$root"
		tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -xpf "$tar"
		return
	fi
	run_debootstrap "$root"
	unmount_under "$root"
	log "saving the debootstrapped tree as $tar"
	find "$CACHE_ROOT/images" -maxdepth 1 -name "debootstrap-$SUITE-*.tar" -delete
	tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -cf "$tar.tmp" .
	mv "$tar.tmp" "$tar"
}

# configure_tree ROOT UUID CMDLINE: make the debootstrapped tree a cloud image.
configure_tree() {
	local root=$1 uuid=$2 cmdline=$3 kver
	kver=$(basename "$(find "$root/boot" -maxdepth 1 -name 'vmlinuz-*' | sort -V | tail -n1)")
	kver=${kver#vmlinuz-}
	[[ -n $kver && -f $root/boot/initrd.img-$kver ]] || die "no kernel/initrd in $root/boot"

	grep -q "name: $DEFAULT_USER\$" "$root/etc/cloud/cloud.cfg" ||
		die "cloud-init's default user is not $DEFAULT_USER (see $root/etc/cloud/cloud.cfg)"

	echo debian >"$root/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
	: >"$root/etc/resolv.conf" # dhclient fills it at boot
	printf 'UUID=%s\t/\text4\terrors=remount-ro,discard\t0\t1\n' "$uuid" >"$root/etc/fstab"
	cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://security.debian.org/debian-security $SUITE-security main
EOF

	# Per-instance identity: made at first boot, never shared between VMs.
	: >"$root/etc/machine-id"
	rm -f "$root/var/lib/dbus/machine-id" "$root"/etc/ssh/ssh_host_*
	ln -sf /dev/null "$root/etc/systemd/system/systemd-firstboot.service"
	sed -i -E 's/^root:[^:]*:/root:*:/' "$root/etc/shadow" # no root password

	# ifupdown: loopback here, the NIC from cloud-init (interfaces.d/50-cloud-init).
	cat >"$root/etc/network/interfaces" <<'EOF'
# The loopback network interface. The NIC's configuration is written by
# cloud-init (DHCP on the first NIC by default) to interfaces.d/.
auto lo
iface lo inet loopback

source /etc/network/interfaces.d/*
EOF
	mkdir -p "$root/etc/network/interfaces.d"

	cat >"$root/etc/cloud/cloud.cfg.d/90_voidvm.cfg" <<'EOF'
# VoidVM lab image (scripts/lab/build-debian-image.sh): only NoCloud seeds
# (a CD-ROM or disk labelled `cidata`), no network metadata services.
datasource_list: [ NoCloud, None ]
manage_etc_hosts: true
# The image has no `locales` package: C.UTF-8 needs no locale-gen (any other
# locale makes cloud-init's locale module fail).
locale: C.UTF-8
EOF
	echo LANG=C.UTF-8 >"$root/etc/default/locale"

	# sshd with no host keys fails its `sshd -t` pre-check: make any missing
	# keys first (cloud-init, ordered before, normally has made them).
	mkdir -p "$root/etc/systemd/system/ssh.service.d"
	cat >"$root/etc/systemd/system/ssh.service.d/voidvm-hostkeys.conf" <<'EOF'
[Unit]
After=cloud-init.service
[Service]
ExecStartPre=
ExecStartPre=/usr/bin/ssh-keygen -A
ExecStartPre=/usr/sbin/sshd -t
EOF
	# Timers that would only fail without a mirror, or waste TCG time.
	local t
	for t in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer; do
		rm -f "$root/etc/systemd/system/timers.target.wants/$t"
	done

	mkdir -p "$root/boot/extlinux"
	cat >"$root/boot/extlinux/extlinux.conf" <<EOF
# VoidVM lab image: BIOS boot via extlinux (syslinux mbr.bin in the MBR).
SERIAL 0 115200
DEFAULT debian
PROMPT 0
TIMEOUT 1
LABEL debian
  LINUX /boot/vmlinuz-$kver
  INITRD /boot/initrd.img-$kver
  APPEND $cmdline
EOF

	# Package caches: not needed in the guest, and half the size.
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
		"$root"/var/lib/apt/lists/* "$root/debootstrap" "$root"/var/log/*.log \
		"$root"/tmp/* "$root"/var/tmp/*
	echo "$kver"
}

# make_disk ROOT RAW UUID: MBR + one bootable ext4 partition from 1 MiB to
# the end, filled from ROOT, with extlinux.
make_disk() {
	local root=$1 raw=$2 uuid=$3 offset fs_kib
	offset=$((PART_START_SECTOR * 512))
	fs_kib=$(((DISK_SIZE_MIB * 1024) - offset / 1024))
	rm -f "$raw"
	truncate -s "${DISK_SIZE_MIB}M" "$raw"
	# ^64bit: syslinux's ext4 reader is happiest without it (a 2 GiB fs
	# never needs it; resize2fs can still grow it far).
	mkfs.ext4 -q -F -L debian-root -U "$uuid" -O ^64bit -E "offset=$offset,nodiscard" \
		-d "$root" "$raw" "${fs_kib}k" >&2
	printf 'label: dos\nstart=%d, type=83, bootable\n' "$PART_START_SECTOR" |
		sfdisk --quiet --wipe never "$raw" >&2
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$raw" bs=440 count=1 conv=notrunc status=none
	MNT=$(mktemp -d)
	mount -o "loop,offset=$offset" "$raw" "$MNT"
	extlinux --install "$MNT/boot/extlinux" >&2
	umount "$MNT"
	rmdir "$MNT"
	MNT=""
}

write_json() {
	local out=$1 qcow=$2 kernel=$3 initrd=$4 kver=$5 uuid=$6 cmdline=$7 hash=$8 secs=$9
	python3 - "$out" "$qcow" "$kernel" "$initrd" "$kver" "$uuid" "$cmdline" "$hash" "$secs" "$DEFAULT_USER" "$SUITE" <<'EOF'
import hashlib, json, subprocess, sys, datetime
out, qcow, kernel, initrd, kver, uuid, cmdline, rhash, secs, user, suite = sys.argv[1:]
h = hashlib.sha256()
with open(qcow, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
info = json.loads(subprocess.check_output(["qemu-img", "info", "--output=json", qcow]))
json.dump({
    "name": "debian12", "os": "debian", "release": suite, "format": "qcow2",
    "path": qcow, "sha256": h.hexdigest(), "virtualSize": info["virtual-size"],
    "boot": "bios-extlinux", "kernel": kernel, "initrd": initrd, "kernelVersion": kver,
    "cmdline": cmdline, "rootUuid": uuid, "defaultUser": user,
    "datasource": "NoCloud (volume label cidata)",
    "recipeHash": rhash, "buildSeconds": int(secs),
    "builtAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
}, open(out, "w"), indent=2)
open(out, "a").write("\n")
EOF
}

build() {
	local out=$1 hash=$2 started work root uuid cmdline kver
	started=$(date +%s.%N)
	work="$out.work"
	WORK=$work
	remove_tree "$work"
	remove_tree "$out"
	mkdir -p "$work" "$out"
	root="$work/root"
	bootstrap_tree "$root"
	log "tree ready after $(elapsed "$started") s ($(du -sh "$root" | cut -f1))"

	uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
	cmdline="root=UUID=$uuid ro console=tty0 console=ttyS0,115200n8"
	kver=$(configure_tree "$root" "$uuid" "$cmdline")
	install -m 644 "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
	install -m 644 "$root/boot/initrd.img-$kver" "$out/initrd.img"
	log "tree configured (kernel $kver, $(du -sh "$root" | cut -f1)); making the disk"

	make_disk "$root" "$work/disk.raw" "$uuid"
	log "raw disk done after $(elapsed "$started") s; compressing to qcow2"
	qemu-img convert -c -O qcow2 "$work/disk.raw" "$out/debian12.qcow2"
	remove_tree "$work"
	write_json "$out/image.json" "$out/debian12.qcow2" "$out/vmlinuz" "$out/initrd.img" \
		"$kver" "$uuid" "$cmdline" "$hash" "$(elapsed "$started")"
	log "built in $(elapsed "$started") s: $out/debian12.qcow2 ($(du -h "$out/debian12.qcow2" | cut -f1))"
}

# install_image: copy to INSTALL_DIR under a content-addressed name; prints
# the qcow2 path.
install_image() {
	local sha short base
	sha=$(json_get "$CACHE_DIR/image.json" sha256)
	short=${sha:0:12}
	base="$INSTALL_DIR/debian12-$short"
	install -d -m 755 "$INSTALL_DIR"
	if [[ ! -f $base.qcow2 ]] || [[ $(sha256sum "$base.qcow2" | cut -d' ' -f1) != "$sha" ]]; then
		log "installing $base.qcow2"
		install -m 444 "$CACHE_DIR/debian12.qcow2" "$base.qcow2.tmp.$$"
		mv -f "$base.qcow2.tmp.$$" "$base.qcow2"
	fi
	# Read-only, also for its owner: libvirt's DAC driver chowns a started
	# domain's whole backing chain to libvirt-qemu and does not give the
	# base image back, so only the mode keeps QEMU from writing to it.
	chmod 444 "$base.qcow2"
	install -m 644 "$CACHE_DIR/vmlinuz" "$base.vmlinuz"
	install -m 644 "$CACHE_DIR/initrd.img" "$base.initrd.img"
	python3 - "$CACHE_DIR/image.json" "$base" "$INSTALL_DIR/debian12.json" <<'EOF'
import json, sys
src, base, current = sys.argv[1:]
d = json.load(open(src))
d.update(path=base + ".qcow2", kernel=base + ".vmlinuz", initrd=base + ".initrd.img")
for f in (base + ".json", current):
    with open(f, "w") as o:
        json.dump(d, o, indent=2)
        o.write("\n")
EOF
	chmod 644 "$base.json" "$INSTALL_DIR/debian12.json"
	echo "$base.qcow2"
}

main() {
	local force=0 hash lock
	while (($#)); do
		case $1 in
		--force) force=1 ;;
		*) die "unknown argument: $1 (use --force)" ;;
		esac
		shift
	done
	[[ $(id -u) == 0 ]] || die "run as root (debootstrap, loop mount)"
	mkdir -p "$CACHE_DIR"
	# One build at a time (two host-up runs, or two checkouts).
	lock="$CACHE_ROOT/images/.debian12.lock"
	exec 9>"$lock"
	flock 9
	hash=$(recipe_hash)
	if ((force == 0)) && cache_valid "$hash"; then
		log "cached: $CACHE_DIR/debian12.qcow2 (recipe $hash, built in $(json_get "$CACHE_DIR/image.json" buildSeconds) s)"
	else
		install_build_packages
		log "building debian12 (recipe $hash); several minutes on 2 cores"
		build "$CACHE_DIR.tmp" "$hash"
		remove_tree "$CACHE_DIR"
		mv "$CACHE_DIR.tmp" "$CACHE_DIR"
		# image.json holds the build directory's paths: point them here.
		sed -i "s|$CACHE_DIR.tmp/|$CACHE_DIR/|g" "$CACHE_DIR/image.json"
	fi
	install_image
}

main "$@"
