# shellcheck shell=sh
# create_volume POOL NAME CAPACITY_GIB FORMAT PREALLOCATION BACKING: `vol-create-as`, sparse unless
# PREALLOCATION says otherwise (libvirt 9 allocates the whole file when --allocation is missing):
#   off       --allocation 0                       sparse: host disk is used as the guest writes
#   metadata  --allocation 0 --prealloc-metadata   qcow2 metadata up front
#   full      no --allocation (qcow2: and --prealloc-metadata, else libvirt makes it sparse)
# BACKING (may be empty) is a qcow2 file the new volume is a copy-on-write overlay of.
create_volume() {
	set -- "$1" "$2" "$3" "$4" "$5" "$6" vol-create-as --pool "$1" --name "$2" --capacity "${3}G" --format "$4"
	case $5 in
	off) set -- "$@" --allocation 0 ;;
	metadata) set -- "$@" --allocation 0 --prealloc-metadata ;;
	full) if [ "$4" = qcow2 ]; then set -- "$@" --prealloc-metadata; fi ;;
	*)
		printf 'unknown preallocation %s\n' "$5" >&2
		return 1
		;;
	esac
	if [ -n "$6" ]; then set -- "$@" --backing-vol "$6" --backing-vol-format qcow2; fi
	shift 6
	v "$@"
}
