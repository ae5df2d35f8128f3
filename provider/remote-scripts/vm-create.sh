#!/bin/sh
# vm-create.sh URI NAME POOL VOLUME CAPACITY_GIB FORMAT PREALLOCATION BACKING STATE AUTOSTART WAIT_IP SEED_VOLUME IMAGE_POOL IMAGE_VOLUME CLONE MODE [NETWORK...]
# stdin: the domain XML (it may hold a VNC password, so it never travels as an argument); with
# SEED_VOLUME, first the cloud-init seed files (see lib/cloud-init-seed.sh), then the XML.
# With IMAGE_VOLUME the root volume comes from that image (lib/image-root.sh; CLONE cow or full),
# refused before anything is created when the image is larger than CAPACITY_GIB. Empty SEED_VOLUME,
# IMAGE_VOLUME or VOLUME: none.
#
# NETWORK...: the libvirt networks its interfaces use, checked before anything is made (libvirt
# itself checks them only when the VM starts, so a stopped VM would be defined on a missing one).
# MODE create (the XML must carry a fresh <uuid>): makes a VM in one round trip: the definition first (it carries the owner mark, so
# whatever else this create makes belongs to a marked domain), then the root volume and the seed,
# autostart, the desired state, optionally a wait of up to WAIT_IP seconds for a DHCP lease, then
# the sections of observe_domain. A domain of that name already there: prints the section
# `exists` and changes nothing. A failed step removes what this run made, volumes first, the
# definition last, and fails; when the removal fails too (libvirtd went away, say), the step's
# name ends in `/kept`: the definition stays as the mark of what is left, for the next run to
# take over.
# MODE takeover: the domain exists and is this resource's own (the caller checked its owner
# mark): makes only the volumes a killed create did not get to, leaving the definition and state
# to the caller; prints the sections of observe_domain.
set -u
VOIDVM_URI=$1
name=$2
pool=$3
volume=$4
capacity=$5
format=$6
preallocation=$7
backing=$8
state=$9
autostart=${10}
wait_ip=${11}
seed_volume=${12:-}
image_pool=${13:-}
image_volume=${14:-}
clone=${15:-cow}
mode=${16:-create}
if [ $# -gt 16 ]; then shift 16; else set --; fi
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/leases.sh
. "$VOIDVM_LIB/leases.sh"
# shellcheck source=lib/observe.sh
. "$VOIDVM_LIB/observe.sh"
# shellcheck source=lib/create-volume.sh
. "$VOIDVM_LIB/create-volume.sh"
# shellcheck source=lib/cloud-init-seed.sh
. "$VOIDVM_LIB/cloud-init-seed.sh"
# shellcheck source=lib/image-root.sh
. "$VOIDVM_LIB/image-root.sh"

created_volume=0
created_seed=0
seed_tmp=
defined=0
# undo: removes what this run made, volumes before the definition; returns 1 (and keeps the
# definition as the mark of what is left) when a volume cannot be removed.
undo() {
	undo_ok=0
	if [ -n "$seed_tmp" ]; then rm -rf "$seed_tmp"; fi
	if [ "$created_seed" = 1 ] && ! v vol-delete --pool "$pool" --vol "$seed_volume" >/dev/null 2>&1; then undo_ok=1; fi
	if [ "$created_volume" = 1 ] && ! v vol-delete --pool "$pool" --vol "$volume" >/dev/null 2>&1; then undo_ok=1; fi
	if [ "$defined" = 1 ] && [ "$undo_ok" = 0 ]; then
		v destroy -- "$name" >/dev/null 2>&1
		if ! undefine_err=$(v undefine --managed-save --snapshots-metadata --nvram -- "$name" 2>&1 >/dev/null); then
			is_missing_domain "$undefine_err" || undo_ok=1
		fi
	fi
	return "$undo_ok"
}

# step NAME COMMAND...: runs COMMAND; when it fails, undoes this run's work and fails at NAME
# (NAME/kept when the undo could not remove everything).
step() {
	step_name=$1
	shift
	if ! step_err=$("$@" 2>&1 >/dev/null); then
		undo || step_name="$step_name/kept"
		fail "$step_name" "$step_err"
	fi
}

have_volume() { v vol-info --pool "$1" --vol "$2" >/dev/null 2>&1; }

if [ -n "$image_volume" ]; then
	if ! image_err=$(read_image "$image_pool" "$image_volume" 2>&1); then fail image "$image_err"; fi
	read_image "$image_pool" "$image_volume"
	if [ "$image_capacity" -gt $((capacity * 1073741824)) ]; then
		fail image-size "the image $image_pool/$image_volume is $image_capacity bytes, larger than disk.size ($capacity GiB = $((capacity * 1073741824)) bytes); set disk.size to at least $(((image_capacity + 1073741823) / 1073741824)) GiB"
	fi
fi

# Every network in one virsh process: whatever it prints on stderr is a missing network.
if [ $# -gt 0 ]; then
	networks=
	for network in "$@"; do networks="$networks net-info -- $(virsh_quote "$network");"; done
	network_err=$(virsh_batch "$networks" 2>&1 >/dev/null)
	if [ -n "$network_err" ]; then fail network "$network_err"; fi
fi

# The seed's files come first on stdin; the domain XML follows them.
if [ -n "$seed_volume" ]; then
	seed_tmp=$(mktemp -d) || fail seed "could not create a temporary directory on the host"
	step seed-read read_seed_files "$seed_tmp"
fi

if [ "$mode" = takeover ]; then
	if ! v dominfo -- "$name" >/dev/null 2>&1; then fail takeover "the domain $name is gone"; fi
else
	# The XML carries a new uuid, so libvirt refuses it when a domain of that name exists: that
	# is how a create finds a leftover or a foreign domain, with no virsh of its own.
	if ! define_err=$(v define --file /dev/stdin 2>&1 >/dev/null); then
		if printf '%s' "$define_err" | grep -q 'already exists with uuid'; then
			undo
			section exists
			exit 0
		fi
		undo
		fail define "$define_err"
	fi
	defined=1
fi

if [ -n "$volume" ] && ! { [ "$mode" = takeover ] && have_volume "$pool" "$volume"; }; then
	if [ -n "$image_volume" ]; then
		step create-volume create_root_from_image "$pool" "$volume" "$capacity" "$format" "$clone" "$image_pool" "$image_volume"
	else
		step create-volume create_volume "$pool" "$volume" "$capacity" "$format" "$preallocation" "$backing"
	fi
	created_volume=1
fi

if [ -n "$seed_volume" ] && ! { [ "$mode" = takeover ] && have_volume "$pool" "$seed_volume"; }; then
	step seed-iso make_seed_iso "$seed_tmp" "$seed_tmp/seed.iso"
	step seed-volume upload_seed "$pool" "$seed_volume" "$seed_tmp/seed.iso"
	created_seed=1
fi
if [ -n "$seed_tmp" ]; then
	rm -rf "$seed_tmp"
	seed_tmp=
fi

if [ "$mode" = takeover ]; then
	observe_domain "$name"
	exit 0
fi

if [ "$autostart" = 1 ]; then step autostart v autostart -- "$name"; fi

case $state in
running) step start v start -- "$name" ;;
paused) step start v start --paused -- "$name" ;;
suspended)
	step start v start -- "$name"
	step managed-save v managedsave --running -- "$name"
	;;
stopped) ;;
*)
	undo
	fail state "unknown state $state"
	;;
esac

if [ "$wait_ip" -gt 0 ] && [ "$state" = running ] && ! await_lease "$name" "$wait_ip"; then
	undo || fail wait-for-ip/kept "the guest got no DHCP lease within $wait_ip seconds"
	fail wait-for-ip "the guest got no DHCP lease within $wait_ip seconds"
fi

observe_domain "$name"
