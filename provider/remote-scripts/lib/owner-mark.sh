# shellcheck shell=sh
# The owner registry: marks of objects libvirt keeps no metadata for (storage volumes, DHCP host
# entries of a network). One file per object,
#   /var/lib/voidvm/owners/KIND/SCOPE/HASH
# KIND `volume` or `dhcp-host`; SCOPE the UUID of the object's pool or network (so that two
# libvirt daemons sharing a file system, or a pool defined again under the same name, never share
# marks); HASH the sha256 of the object's name (a volume name, a MAC), so that no name, however
# hostile, becomes a path. The file holds an `owner=OWNER` line, then `name=NAME` (for people; the
# first owner= line counts, so no name can pass for an owner). It is written as the
# SSH user, which needs no root: the folder is the host's to prepare (root may write it anyway; a
# libvirt-group user needs it group-writable, like the pool's folder). Needs common.sh.
VOIDVM_OWNERS=/var/lib/voidvm/owners

# mark_file KIND SCOPE NAME: prints the path of the object's mark.
mark_file() {
	printf '%s/%s/%s/%s' "$VOIDVM_OWNERS" "$1" "$2" "$(printf '%s' "$3" | sha256sum | cut -c1-64)"
}

# mark_owner FILE: prints the owner the mark names (nothing when there is no mark).
mark_owner() {
	if [ -f "$1" ]; then sed -n 's/^owner=//p' "$1" | head -n 1; fi
}

# mark_write FILE NAME OWNER: writes the mark (new folders group-writable, for every libvirt user);
# on failure says why on stderr.
mark_write() {
	if (
		umask 002
		mkdir -p "${1%/*}" && printf 'owner=%s\nname=%s\n' "$3" "$2" >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"
	) 2>/dev/null; then return 0; fi
	rm -f "$1.tmp.$$" 2>/dev/null
	printf 'could not write the owner mark %s: make %s writable by this SSH user, or connect as root\n' "$1" "$VOIDVM_OWNERS" >&2
	return 1
}

# mark_remove FILE: removes the mark (nothing when there is none).
mark_remove() { rm -f "$1"; }

# volume_mark POOL NAME: prints the path of volume NAME's mark (fails when the pool is unknown).
volume_mark() {
	set -- "$(v pool-uuid --pool "$1" 2>/dev/null)" "$2"
	[ -n "$1" ] && mark_file volume "$1" "$2"
}

# dhcp_host_mark NETWORK MAC: prints the path of the mark of MAC's DHCP host entry on NETWORK.
dhcp_host_mark() {
	set -- "$(v net-uuid --network "$1" 2>/dev/null)" "$2"
	[ -n "$1" ] && mark_file dhcp-host "$1" "$2"
}
