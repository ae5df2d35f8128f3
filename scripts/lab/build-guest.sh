#!/usr/bin/env bash
# Build the VoidVM test guest: a Debian 6.1 kernel plus a busybox initramfs
# whose /init (guest/init) brings up DHCP, an HTTP server with CGI probes, a
# UDP echo server, ACPI power-off, CPU hot-plug and shells on the serial
# console and the screen. Booted with libvirt's
# direct kernel boot, it is ready in about 10 s under TCG (no KVM here).
#
# Result, cached by a hash of this script and guest/*:
#   ${VOIDVM_CACHE:-$HOME/.cache/voidvm}/guest-<hash>/{vmlinuz,initrd.gz,kernel-package}
# installed (copied, world readable: QEMU runs as libvirt-qemu) to:
#   ${VOIDVM_GUEST_DIR:-/var/lib/voidvm/guest}/{vmlinuz,initrd.gz}
#
# Nothing is installed on the host: the kernel and busybox-static packages
# are fetched with `apt-get download` and unpacked with `dpkg -x`.
#
# Usage: build-guest.sh [--force] [--smoke | --no-smoke]
#   --force     rebuild even if the cache has this version
#   --smoke     boot the installed guest and check it (scripts/lab/guest-smoke.sh)
#   --no-smoke  never boot it (default: boot until the check has passed once
#               for this build, when libvirt answers; VOIDVM_GUEST_SMOKE=
#               yes|no|auto sets it too)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
GUEST_SRC="$REPO_ROOT/guest"
CACHE_ROOT=${VOIDVM_CACHE:-$HOME/.cache/voidvm}
INSTALL_DIR=${VOIDVM_GUEST_DIR:-/var/lib/voidvm/guest}

# Modules the guest needs. Their dependencies (read from each .ko's
# modinfo) are added and everything is put in load order automatically, e.g.
# virtio_ring, virtio, virtio_pci_modern_dev, virtio_pci_legacy_dev,
# virtio_pci, failover, net_failover, virtio_net, virtio_blk, ...
WANTED_MODULES=(
	virtio_pci virtio_net virtio_blk virtio_balloon # devices libvirt gives it
	virtio_scsi sd_mod                              # disks on bus='scsi'
	evdev button                                    # ACPI power button -> acpid
)

log() { echo "[build-guest] $*" >&2; }

# elapsed START: seconds since START (a `date +%s.%N` value), one decimal.
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
die() {
	log "ERROR: $*"
	exit 1
}

# The cache key: this script and every file of guest/ except docs (names
# and contents), so any change to the guest's behaviour makes a new build.
source_hash() {
	(
		cd "$REPO_ROOT"
		{
			sha256sum scripts/lab/build-guest.sh
			find guest -type f ! -name '*.md' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
		} | sha256sum | cut -c1-16
	)
}

# Newest linux-image-6.1.0-N-amd64 (signed) or -unsigned: both hold the same
# kernel; the signature does not matter for direct kernel boot.
pick_kernel_package() {
	if [[ -n ${VOIDVM_GUEST_KERNEL_PKG:-} ]]; then
		echo "$VOIDVM_GUEST_KERNEL_PKG"
		return
	fi
	local pkg
	pkg=$(list_kernel_packages | tail -n1)
	if [[ -z $pkg ]]; then
		# apt-cache knows nothing before the first `apt-get update`.
		log "no linux-image-6.1.0-*-amd64 in apt's lists; running apt-get update"
		apt-get update -qq >&2
		pkg=$(list_kernel_packages | tail -n1)
	fi
	[[ -n $pkg ]] || die "no linux-image-6.1.0-*-amd64 package found by apt-cache"
	echo "$pkg"
}

list_kernel_packages() {
	apt-cache search --names-only '^linux-image-6\.1\.0-' 2>/dev/null |
		awk '{ print $1 }' |
		grep -E '^linux-image-6\.1\.0-[0-9]+-amd64(-unsigned)?$' |
		sort -V || true
}

# download_deb PKG DIR: the .deb of PKG in DIR (downloaded once, then reused
# across builds: the kernel package is ~70 MB). Prints the file's path.
download_deb() {
	local pkg=$1 dir=$2 deb
	deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" | sort -V | tail -n1)
	if [[ -z $deb ]]; then
		log "downloading $pkg"
		# Sandbox user root: _apt cannot write into root's cache directory.
		(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2)
		deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" | sort -V | tail -n1)
		[[ -n $deb ]] || die "apt-get download $pkg produced no .deb"
	fi
	echo "$deb"
}

# module_depends KO: the modules KO needs, one per line (from .modinfo's
# "depends=" string; the host has no modinfo and the kernel no modules.dep).
module_depends() {
	tr '\0' '\n' <"$1" | sed -n '/^depends=/{s///p;q}' | tr ',' '\n' | sed '/^$/d'
}

# find_module MODDIR NAME: path of NAME.ko; kernel module names treat - and _
# alike (t10-pi.ko is "t10_pi").
find_module() {
	local moddir=$1 name=$2 alt
	alt=$(echo "$name" | tr '_-' '-_')
	find "$moddir" \( -name "$name.ko" -o -name "$alt.ko" \) -print -quit
}

# resolve_modules MODDIR NAME...: every module needed, dependencies first
# (depth-first post-order), each once, as paths.
resolve_modules() {
	local moddir=$1
	shift
	declare -A seen=()
	local -a order=()
	visit() {
		local name=$1 ko dep
		name=${name//-/_}
		[[ -n ${seen[$name]:-} ]] && return 0
		seen[$name]=1
		ko=$(find_module "$moddir" "$name")
		[[ -n $ko ]] || die "kernel module $name not found under $moddir"
		for dep in $(module_depends "$ko"); do
			visit "$dep"
		done
		order+=("$ko")
	}
	local m
	for m in "$@"; do
		visit "$m"
	done
	printf '%s\n' "${order[@]}"
}

# assemble_rootfs WORK ROOT: lay out the initramfs tree in ROOT from the
# unpacked packages in WORK and the repo's guest/ files.
assemble_rootfs() {
	local work=$1 root=$2 kver moddir ko busybox applet
	mkdir -p "$root"/{bin,dev,etc/voidvm,etc/acpi/PWRF,lib/modules,proc,run,sys,tmp,var/log,www/cgi-bin,root}
	ln -s bin "$root/sbin"
	mkdir -p "$root/usr"
	ln -s ../bin "$root/usr/bin"
	ln -s ../bin "$root/usr/sbin"

	# busybox and one symlink per applet (no --install at boot: saves time).
	busybox="$work/busybox/bin/busybox"
	[[ -x $busybox ]] || die "busybox-static did not unpack to $busybox"
	install -m 755 "$busybox" "$root/bin/busybox"
	for applet in $("$busybox" --list); do
		[[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
	done

	# Kernel modules, flat, plus the load order the guest's /init reads.
	kver=$(ls "$work/kernel/lib/modules")
	moddir="$work/kernel/lib/modules/$kver"
	# (into a file first: a failure inside <(...) would go unnoticed)
	resolve_modules "$moddir" "${WANTED_MODULES[@]}" >"$work/modules.list"
	: >"$root/etc/voidvm/modules"
	while read -r ko; do
		install -m 644 "$ko" "$root/lib/modules/"
		basename "$ko" .ko >>"$root/etc/voidvm/modules"
	done <"$work/modules.list"
	log "modules, in load order: $(tr '\n' ' ' <"$root/etc/voidvm/modules")"

	# The UDP echo server: static, the initramfs has no libc.
	gcc -static -O2 -Wall -o "$root/bin/udp-echo" "$GUEST_SRC/udp-echo.c"
	strip "$root/bin/udp-echo"

	install -m 755 "$GUEST_SRC/init" "$root/init"
	install -m 755 "$GUEST_SRC/console-shell" "$root/bin/console-shell"
	install -m 644 "$GUEST_SRC/lib.sh" "$GUEST_SRC/cgi-lib.sh" "$root/etc/voidvm/"
	install -m 755 "$GUEST_SRC/udhcpc.script" "$root/etc/voidvm/udhcpc.script"
	install -m 755 "$GUEST_SRC/acpi-power-button" "$root/etc/acpi/PWRF/00000080"
	install -m 755 "$GUEST_SRC"/cgi-bin/* "$root/www/cgi-bin/"
	echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
	echo "root:x:0:" >"$root/etc/group"
}

# pack_initrd ROOT OUT: cpio newc + gzip, owned by root, in a stable order
# with fixed times, so the same sources give a byte-identical initrd.
pack_initrd() {
	local root=$1 out=$2
	find "$root" -exec touch -h -d @0 {} +
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9n >"$out"
}

# build OUT_DIR: build everything into OUT_DIR (which must not exist yet).
build() {
	local out=$1 work pkg deb_dir kernel_deb busybox_deb
	work="$out.work"
	rm -rf "$work"
	mkdir -p "$work" "$out"
	deb_dir="$CACHE_ROOT/debs"
	mkdir -p "$deb_dir"

	pkg=$(pick_kernel_package)
	log "kernel package: $pkg"
	kernel_deb=$(download_deb "$pkg" "$deb_dir")
	busybox_deb=$(download_deb busybox-static "$deb_dir")

	log "unpacking $(basename "$kernel_deb") and $(basename "$busybox_deb")"
	dpkg -x "$kernel_deb" "$work/kernel"
	dpkg -x "$busybox_deb" "$work/busybox"

	assemble_rootfs "$work" "$work/root"
	pack_initrd "$work/root" "$out/initrd.gz"
	install -m 644 "$work"/kernel/boot/vmlinuz-* "$out/vmlinuz"
	echo "$pkg $(basename "$kernel_deb")" >"$out/kernel-package"
	rm -rf "$work"
	log "initrd.gz is $(du -h "$out/initrd.gz" | cut -f1), vmlinuz $(du -h "$out/vmlinuz" | cut -f1)"
}

# install_file SRC DST: copy unless identical; via a temporary name and mv,
# so a domain starting at that moment never reads a half-written file.
install_file() {
	local src=$1 dst=$2
	if cmp -s "$src" "$dst"; then
		return 1
	fi
	install -m 644 "$src" "$dst.tmp.$$"
	mv -f "$dst.tmp.$$" "$dst"
	return 0
}

install_guest() {
	local cached=$1 changed=0 f
	install -d -m 755 "$INSTALL_DIR"
	for f in vmlinuz initrd.gz; do
		if install_file "$cached/$f" "$INSTALL_DIR/$f"; then
			changed=1
		fi
	done
	if ((changed)); then
		log "installed vmlinuz and initrd.gz in $INSTALL_DIR"
	else
		log "$INSTALL_DIR already holds this build"
	fi
}

# Builds of other guest/ versions (other checkouts may still use them) go
# once unused for two weeks; the current one is touched on every run.
prune_cache() {
	local keep=$1
	touch "$keep"
	find "$CACHE_ROOT" -maxdepth 1 -name 'guest-*' ! -path "$keep" -mtime +14 \
		-exec rm -rf {} + 2>/dev/null || true
}

libvirt_answers() {
	virsh -c qemu:///system version >/dev/null 2>&1
}

main() {
	local force=0 smoke=${VOIDVM_GUEST_SMOKE:-auto} hash cached started
	while (($#)); do
		case $1 in
		--force) force=1 ;;
		--smoke) smoke=yes ;;
		--no-smoke) smoke=no ;;
		*) die "unknown argument: $1 (use --force, --smoke, --no-smoke)" ;;
		esac
		shift
	done

	hash=$(source_hash)
	cached="$CACHE_ROOT/guest-$hash"
	if ((force)) || [[ ! -s $cached/initrd.gz || ! -s $cached/vmlinuz ]]; then
		started=$(date +%s.%N)
		log "building guest-$hash"
		rm -rf "$cached" "$cached.tmp"
		build "$cached.tmp"
		mv "$cached.tmp" "$cached" # complete builds only: the cache check trusts it
		log "built in $(elapsed "$started") s: $cached"
	else
		log "cached: $cached ($(cat "$cached/kernel-package" 2>/dev/null || echo '?'))"
	fi
	install_guest "$cached"
	prune_cache "$cached"

	# The boot check runs until one has passed for this build (smoke-ok), so
	# a build whose check failed is not trusted on the next run either.
	if [[ $smoke == yes ]] || { [[ $smoke == auto ]] && [[ ! -f $cached/smoke-ok ]]; }; then
		if [[ $smoke == auto ]] && ! libvirt_answers; then
			log "libvirt is not running: skipping the boot check (run host-up.sh)"
		else
			"$SCRIPT_DIR/guest-smoke.sh"
			date -u +%FT%TZ >"$cached/smoke-ok"
		fi
	fi
}

main "$@"
