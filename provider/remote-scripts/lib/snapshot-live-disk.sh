# shellcheck shell=sh
# The "disk" kind of snapshot (see snapshot.sh): an internal snapshot of every writable qcow2
# disk of a running VM in one atomic QMP transaction, then recorded in libvirt. Needs common.sh
# and snapshot-state.sh.

# XML text and attribute escaping.
vv_xml() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e "s/'/\&apos;/g" -e 's/"/\&quot;/g'; }

# JSON string escaping (names hold no control characters).
vv_json() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }

# vv_disks VM: one line per disk of the running definition:
# "TARGET DEVICE FORMAT READONLY NODE" (NODE: libvirt's qemu block node of
# the disk's top image, "-" when unknown).
vv_disks() {
	v dumpxml -- "$1" | awk '
		function attr(name,   re, s) {
			re = name "=\047[^\047]*\047"
			if (match($0, re)) { s = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3); return s }
			return ""
		}
		/<disk[ >]/ { indisk = 1; dev = attr("device"); fmt = ""; ro = 0; tgt = ""; idx = ""; seen = 0; depth = 0; next }
		indisk && /<backingStore[ >]/ && !/\/>/ { depth++ }
		indisk && /<\/backingStore>/ { depth--; next }
		indisk && depth == 0 && /<driver / && fmt == "" { fmt = attr("type") }
		indisk && depth == 0 && /<source[ \/>]/ && !seen { seen = 1; idx = attr("index") }
		indisk && depth == 0 && /<readonly\/>/ { ro = 1 }
		indisk && depth == 0 && /<target / { tgt = attr("dev") }
		indisk && /<\/disk>/ {
			print tgt, dev, (fmt == "" ? "-" : fmt), ro, (idx == "" ? "-" : "libvirt-" idx "-format")
			indisk = 0
		}'
}

# vv_live_disk_snapshot VM NAME DESCRIPTION: the "disk" kind (see above).
vv_live_disk_snapshot() {
	vv_dom=$1
	vv_jname=$(vv_json "$2")
	if ! vv_list=$(vv_disks "$vv_dom"); then
		vv_err "could not read the definition of VM \"$vv_dom\""
		return 1
	fi
	vv_actions=
	vv_diskxml=
	vv_nodes=
	while read -r vv_tgt vv_dev vv_fmt vv_ro vv_node; do
		[ -n "$vv_tgt" ] || continue
		if [ "$vv_dev" != disk ] || [ "$vv_ro" = 1 ]; then
			vv_diskxml="$vv_diskxml<disk name='$vv_tgt' snapshot='no'/>"
			continue
		fi
		if [ "$vv_fmt" != qcow2 ]; then
			vv_err "disk $vv_tgt of VM \"$vv_dom\" is $vv_fmt; snapshots need every writable disk in qcow2 format"
			return 3
		fi
		if [ "$vv_node" = - ]; then
			vv_err "libvirt does not name the block node of disk $vv_tgt (it needs -blockdev, libvirt 6 or newer); stop the VM to take a disk-only snapshot"
			return 3
		fi
		vv_actions="$vv_actions${vv_actions:+,}{\"type\":\"blockdev-snapshot-internal-sync\",\"data\":{\"device\":\"$vv_node\",\"name\":\"$vv_jname\"}}"
		vv_diskxml="$vv_diskxml<disk name='$vv_tgt' snapshot='internal'/>"
		vv_nodes="$vv_nodes $vv_node"
	done <<EOF
$vv_list
EOF
	if [ -z "$vv_actions" ]; then
		vv_err "VM \"$vv_dom\" has no writable disk, so there is nothing to snapshot"
		return 3
	fi
	vv_parent=$(v snapshot-current --name -- "$vv_dom" 2>/dev/null) || vv_parent=
	# The definition is captured before the disks, so that it is exactly what runs.
	if ! vv_def=$(v dumpxml --inactive --security-info -- "$vv_dom" 2>&1); then
		vv_err "could not read the definition of VM \"$vv_dom\": $vv_def"
		return 1
	fi
	vv_now=$(date +%s)
	if ! vv_o=$(v qemu-monitor-command -- "$vv_dom" "{\"execute\":\"transaction\",\"arguments\":{\"actions\":[$vv_actions]}}" 2>&1) ||
		case $vv_o in *'"error"'*) true ;; *) false ;; esac; then
		vv_err "QEMU could not take the disk snapshot (nothing was changed): $vv_o"
		return 1
	fi
	{
		printf '<domainsnapshot>\n<name>%s</name>\n<description>%s</description>\n<state>shutoff</state>\n' "$(vv_xml "$2")" "$(vv_xml "$3")"
		[ -z "$vv_parent" ] || printf '<parent><name>%s</name></parent>\n' "$(vv_xml "$vv_parent")"
		printf '<creationTime>%s</creationTime>\n<memory snapshot=%s/>\n<disks>%s</disks>\n' "$vv_now" "'no'" "$vv_diskxml"
		printf '%s\n' "$vv_def"
		printf '</domainsnapshot>\n'
	} >"$VV_TMP"
	if ! vv_o=$(v snapshot-create --domain "$vv_dom" --xmlfile "$VV_TMP" --redefine --current 2>&1); then
		# Undo: remove the disk snapshots again, so that nothing is left half made.
		for vv_node in $vv_nodes; do
			v qemu-monitor-command -- "$vv_dom" "{\"execute\":\"blockdev-snapshot-delete-internal-sync\",\"arguments\":{\"device\":\"$vv_node\",\"name\":\"$vv_jname\"}}" >/dev/null 2>&1
		done
		vv_err "libvirt refused to record the disk snapshot, so it was removed again: $vv_o"
		return 1
	fi
	return 0
}
