# shellcheck shell=sh
# A cloud-init NoCloud seed: an ISO 9660 image labelled `cidata` holding user-data, meta-data and
# (optionally) network-config, stored as a raw volume. Needs common.sh.

# read_seed_files DIR: reads the seed's files from stdin, one line `NAME BASE64` each, up to a line
# `end`, and writes DIR/NAME. `read` takes one byte at a time, so whatever follows `end` on stdin
# (the domain XML) is left for the next reader.
read_seed_files() {
	while IFS=' ' read -r seed_file seed_data; do
		case $seed_file in
		end) return 0 ;;
		user-data | meta-data | network-config)
			printf '%s' "$seed_data" | base64 -d >"$1/$seed_file" || return 1
			;;
		*)
			printf 'unexpected seed file "%s" on stdin\n' "$seed_file" >&2
			return 1
			;;
		esac
	done
	printf 'the seed files on stdin ended before "end"\n' >&2
	return 1
}

# make_seed_iso DIR ISO: the ISO from DIR's files, with whichever tool the host has: genisoimage,
# mkisofs or xorrisofs (same options), else cloud-localds.
make_seed_iso() {
	seed_dir=$1
	seed_iso=$2
	set -- "$seed_dir/user-data" "$seed_dir/meta-data"
	if [ -f "$seed_dir/network-config" ]; then set -- "$@" "$seed_dir/network-config"; fi
	for seed_tool in genisoimage mkisofs xorrisofs; do
		if command -v "$seed_tool" >/dev/null 2>&1; then
			"$seed_tool" -quiet -output "$seed_iso" -volid cidata -joliet -rock "$@"
			return
		fi
	done
	if command -v cloud-localds >/dev/null 2>&1; then
		if [ -f "$seed_dir/network-config" ]; then
			cloud-localds --network-config="$seed_dir/network-config" "$seed_iso" "$seed_dir/user-data" "$seed_dir/meta-data"
		else
			cloud-localds "$seed_iso" "$seed_dir/user-data" "$seed_dir/meta-data"
		fi
		return
	fi
	printf 'no ISO tool on the host: install genisoimage (or xorriso, or cloud-image-utils) to use cloudInit\n' >&2
	return 1
}

# upload_seed POOL VOLUME ISO: a raw volume of the ISO's size, filled through libvirt.
upload_seed() {
	seed_size=$(wc -c <"$3") || return 1
	v vol-create-as --pool "$1" --name "$2" --capacity "$seed_size" --format raw || return 1
	if ! v vol-upload --pool "$1" --vol "$2" --file "$3"; then
		v vol-delete --pool "$1" --vol "$2" >/dev/null 2>&1
		return 1
	fi
}
