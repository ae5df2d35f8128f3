# shellcheck shell=sh
# A VM's root volume from an Image's volume. Needs common.sh.

# xml_unescape: stdin to stdout, the five XML entities replaced.
xml_unescape() { sed "s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&apos;/'/g; s/&amp;/\\&/g"; }

# xml_escape: stdin to stdout, the five XML special characters escaped.
xml_escape() { sed "s/&/\\&amp;/g; s/</\\&lt;/g; s/>/\\&gt;/g; s/\"/\\&quot;/g; s/'/\\&apos;/g"; }

# read_image POOL VOLUME: sets image_path, image_format and image_capacity (bytes) from the
# volume's vol-dumpxml; fails (returns 1, message on stderr) when there is no such volume.
read_image() {
	if ! image_xml=$(v vol-dumpxml --pool "$1" --vol "$2" 2>&1); then
		printf 'the image volume %s/%s does not exist on this host (%s)\n' "$1" "$2" "$image_xml" >&2
		return 1
	fi
	image_path=$(printf '%s\n' "$image_xml" | awk '/<target>/ { t = 1 } t && /<path>/ { sub(/.*<path>/, ""); sub(/<\/path>.*/, ""); print; exit }' | xml_unescape)
	image_format=$(printf '%s\n' "$image_xml" | awk -F"'" '/<target>/ { t = 1 } t && /<format type=/ { print $2; exit }')
	image_capacity=$(printf '%s\n' "$image_xml" | sed -n "s/.*<capacity unit='bytes'>\([0-9]*\)<.*/\1/p" | head -n 1)
}

# create_root_from_image POOL NAME CAPACITY_GIB FORMAT CLONE IMAGE_POOL IMAGE_VOLUME: after
# read_image. cow: a qcow2 overlay backed by the image's file (sparse); full: a copy through
# libvirt (`vol-create-from`, converting to FORMAT when the image's differs), grown to the size.
create_root_from_image() {
	case $5 in
	cow)
		v vol-create-as --pool "$1" --name "$2" --capacity "${3}G" --format qcow2 --allocation 0 \
			--backing-vol "$image_path" --backing-vol-format "$image_format"
		;;
	full)
		root_xml=$(mktemp) || return 1
		printf "<volume><name>%s</name><capacity unit='bytes'>%s</capacity><target><format type='%s'/></target></volume>\n" \
			"$(printf '%s' "$2" | xml_escape)" "$image_capacity" "$4" >"$root_xml"
		if ! v vol-create-from --pool "$1" --file "$root_xml" --inputpool "$6" --vol "$7"; then
			rm -f "$root_xml"
			return 1
		fi
		rm -f "$root_xml"
		if [ "$image_capacity" -lt $(($3 * 1073741824)) ] && ! v vol-resize --pool "$1" --vol "$2" --capacity "${3}G"; then
			v vol-delete --pool "$1" --vol "$2" >/dev/null 2>&1
			return 1
		fi
		;;
	*)
		printf 'unknown clone mode %s\n' "$5" >&2
		return 1
		;;
	esac
}
