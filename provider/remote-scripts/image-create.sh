#!/bin/sh
# image-create.sh URI POOL VOLUME FORMAT KIND SOURCE SHA256 OWNER
# An Image's volume in one round trip. KIND says where the file comes from:
#   host   SOURCE is a file on the host
#   url    the host downloads SOURCE (curl or wget, whichever it has) to a temporary file
#   stdin  the file arrives on stdin (streamed from the machine running Pulumi)
# SHA256 (may be empty) is checked against the file before any volume exists: on a mismatch the
# temporary file goes and nothing is left behind. A file in another format than FORMAT (or with
# a backing file of its own) is converted with qemu-img. Prints the section `image`: lines
# `path P`, `capacity BYTES`, `format F`, `sha256 H` (of the file as given), `source-format F`.
# The volume is marked as OWNER's before it is made (lib/owner-mark.sh). A volume of that name
# marked as OWNER's is this Image's leftover (a killed create): made again from the file, or kept
# as it is when other volumes are backed by it. Any other volume of that name fails at step
# `exists`, its owner (empty when unmarked) in the section `existing-owner`, nothing changed.
set -u
VOIDVM_URI=$1
pool=$2
volume=$3
format=$4
kind=$5
source=$6
expected=$7
owner=$8
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"
# shellcheck source=lib/owner-mark.sh
. "$VOIDVM_LIB/owner-mark.sh"
# shellcheck source=lib/backing-users.sh
. "$VOIDVM_LIB/backing-users.sh"

mark=$(volume_mark "$pool" "$volume") || mark=
leftover=
if v vol-info --pool "$pool" --vol "$volume" >/dev/null 2>&1; then
	existing=$(mark_owner "$mark")
	if [ -z "$owner" ] || [ "$existing" != "$owner" ]; then
		section existing-owner
		printf '%s\n' "$existing"
		fail exists "a volume named \"$volume\" already exists in pool $pool"
	fi
	leftover=$(v vol-path --pool "$pool" "$volume")
fi

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/voidvm-image.XXXXXX") || fail temp "could not create a temporary directory on the host"
# stop STEP MESSAGE: removes the temporary files, then fails at STEP.
stop() {
	rm -rf "$tmp"
	fail "$1" "$2"
}

case $kind in
host)
	if [ ! -f "$source" ] || [ ! -r "$source" ]; then stop source "there is no readable file $source on the host"; fi
	file=$source
	;;
url)
	file=$tmp/download
	if command -v curl >/dev/null 2>&1; then
		total=$(curl -fsSLI "$source" 2>/dev/null | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ll]ength: *//p' | tail -n 1)
		curl -fsSL --retry 3 -o "$file" "$source" 2>"$tmp/err" &
	elif command -v wget >/dev/null 2>&1; then
		total=
		wget -q -O "$file" "$source" 2>"$tmp/err" &
	else
		stop download "the host has neither curl nor wget to download $source"
	fi
	downloader=$!
	# `progress BYTES TOTAL` on stderr every 5 seconds while it runs (TOTAL may be empty).
	seconds=0
	while kill -0 "$downloader" 2>/dev/null; do
		sleep 1
		seconds=$((seconds + 1))
		if [ $((seconds % 5)) = 0 ] && kill -0 "$downloader" 2>/dev/null; then
			echo "progress $(stat -c %s "$file" 2>/dev/null || echo 0) ${total:-}" >&2
		fi
	done
	wait "$downloader" || stop download "downloading $source failed: $(cat "$tmp/err")"
	;;
stdin)
	file=$tmp/upload
	cat >"$file" || stop upload "receiving the file over SSH failed"
	;;
*) stop kind "unknown source kind $kind" ;;
esac

actual=$(sha256sum "$file" | cut -d' ' -f1) || stop sha256 "could not hash $file"
if [ -n "$expected" ] && [ "$actual" != "$expected" ]; then
	stop sha256 "sha256 mismatch: expected $expected, got $actual (the file was removed; nothing was created)"
fi

info=$(qemu-img info "$file" 2>&1) || stop inspect "qemu-img cannot read the image: $info"
source_format=$(printf '%s\n' "$info" | awk -F': ' '$1 == "file format" { print $2; exit }')
capacity=$(printf '%s\n' "$info" | sed -n 's/^virtual size: .*(\([0-9]*\) bytes).*/\1/p' | head -n 1)
if [ "$source_format" != "$format" ] || printf '%s\n' "$info" | grep -q '^backing file:'; then
	err=$(qemu-img convert -f "$source_format" -O "$format" "$file" "$tmp/converted" 2>&1) ||
		stop convert "converting the $source_format image to $format failed: $err"
	file=$tmp/converted
fi

# unmake STEP MESSAGE: removes the volume and its mark, then stops at STEP.
unmake() {
	v vol-delete --pool "$pool" --vol "$volume" >/dev/null 2>&1
	if [ -n "$mark" ]; then mark_remove "$mark"; fi
	stop "$1" "$2"
}

# This Image's leftover holds a killed upload's bytes, unless volumes are backed by it already.
if [ -n "$leftover" ] && [ -n "$(backing_users "$leftover")" ]; then
	rm -rf "$tmp"
else
	if [ -n "$leftover" ]; then
		err=$(v vol-delete --pool "$pool" --vol "$volume" 2>&1 >/dev/null) || stop delete-leftover "$err"
	fi
	if [ -n "$owner" ] && [ -n "$mark" ]; then
		err=$(mark_write "$mark" "$volume" "$owner" 2>&1) || stop mark "$err"
	fi
	size=$(wc -c <"$file")
	err=$(v vol-create-as --pool "$pool" --name "$volume" --capacity "$size" --format "$format" 2>&1 >/dev/null) || unmake create-volume "$err"
	err=$(v vol-upload --pool "$pool" --vol "$volume" --file "$file" 2>&1 >/dev/null) || unmake upload-volume "$err"
	rm -rf "$tmp"
fi

section image
printf 'path %s\n' "$(v vol-path --pool "$pool" "$volume")"
printf 'capacity %s\n' "$capacity"
printf 'format %s\n' "$format"
printf 'sha256 %s\n' "$actual"
printf 'source-format %s\n' "$source_format"
