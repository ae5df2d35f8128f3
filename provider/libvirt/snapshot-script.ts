/**
 * The host side of every snapshot operation: one POSIX sh script (virsh, awk, sed, date; flock
 * when present). VoidVM sends it over SSH on stdin for each operation (`runScript`), and installs
 * the same text as /etc/voidvm/snapshot-run.sh for SnapshotSchedule's cron entries, so the code that
 * runs unattended is the code the lab tests exercise. Its header documents the commands.
 */
export const SNAPSHOT_SCRIPT_PATH = "/etc/voidvm/snapshot-run.sh";

export const SNAPSHOT_SCRIPT = `# VoidVM snapshot tool (POSIX sh, virsh, awk, sed, date; flock when present).
# VoidVM sends it over SSH for every snapshot operation and installs it as
# /etc/voidvm/snapshot-run.sh for SnapshotSchedule resources. VoidVM rewrites
# it on every schedule change: do not edit it on the host.
#
#   sh snapshot-run.sh run CONF
#       One scheduled run (cron): take a snapshot, then apply retention.
#       Everything is logged to the log file named in CONF.
#   sh snapshot-run.sh create URI VM NAME MEMORY DESCRIPTION SCHEDULE FALLBACK
#       Take one snapshot. MEMORY: yes|no. SCHEDULE: the owning schedule or
#       empty. FALLBACK: yes = take a disk-only snapshot when MEMORY=yes but
#       the VM is not running. Prints "created NAME KIND CAPTURED".
#   sh snapshot-run.sh list URI VM
#       Prints "uuid UUID", "current NAME", then each snapshot's XML after a
#       line "--voidvm-snapshot--". Prints "absent" when the VM does not exist.
#   sh snapshot-run.sh virsh URI VM ARGS...
#       Runs "virsh ARGS" while holding the VM's snapshot lock.
#
# Exit codes: 0 done, 3 refused (nothing changed; the reason is on stderr,
# prefixed "voidvm: "), 4 the snapshot name is taken, 1 failed, 2 usage.
#
# Kinds of snapshot (libvirt 9, qcow2 disks; all internal, all revertible):
#   full      running/paused VM, memory wanted: libvirt internal snapshot
#             with memory (the VM pauses while its memory is saved).
#   disk      running/paused VM, no memory: every writable qcow2 disk gets an
#             internal snapshot in one atomic QMP transaction, then libvirt
#             learns of it (redefine, state "shutoff"): reverting it restores
#             the disks and boots the VM from them. libvirt 9 itself can only
#             make external disk-only snapshots of a running VM, and cannot
#             revert those.
#   offline   stopped or suspended VM: libvirt internal snapshot (disks only).
set -u
LC_ALL=C
export LC_ALL

VV_URI=qemu:///system
VV_LOCKED=

vv_err() { printf 'voidvm: %s\\n' "$*" >&2; }

vv_virsh() { virsh -q -c "$VV_URI" "$@"; }

# vv_replace TEXT FROM TO: TEXT with every FROM replaced by TO.
vv_replace() {
	vv_t=$1
	vv_out=
	while :; do
		case $vv_t in
		*"$2"*)
			vv_out=$vv_out\${vv_t%%"$2"*}$3
			vv_t=\${vv_t#*"$2"}
			;;
		*)
			printf '%s' "$vv_out$vv_t"
			return 0
			;;
		esac
	done
}

# XML text and attribute escaping.
vv_xml() { printf '%s' "$1" | sed -e 's/&/\\&amp;/g' -e 's/</\\&lt;/g' -e 's/>/\\&gt;/g' -e "s/'/\\&apos;/g" -e 's/"/\\&quot;/g'; }

# JSON string escaping (names hold no control characters).
vv_json() { printf '%s' "$1" | sed -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g'; }

# vv_get_state VM: sets VV_STATE to running|paused|stopped|suspended|absent|other|error
# (and VV_ERR with libvirt's words for "error").
vv_get_state() {
	VV_ERR=
	if vv_o=$(vv_virsh domstate -- "$1" 2>&1); then
		case $vv_o in
		running | idle) VV_STATE=running ;;
		paused | pmsuspended) VV_STATE=paused ;;
		"shut off")
			if vv_virsh dominfo -- "$1" 2>/dev/null | grep -q '^Managed save: *yes'; then
				VV_STATE=suspended
			else
				VV_STATE=stopped
			fi
			;;
		*) VV_STATE=other ;;
		esac
	else
		case $vv_o in
		*"failed to get domain"* | *"Domain not found"*) VV_STATE=absent ;;
		*)
			VV_STATE=error
			VV_ERR=$vv_o
			;;
		esac
	fi
}

# vv_lock VM: serialises snapshot work on one VM between VoidVM, cron runs and
# operators (a lock file per domain uuid, shared by root and the SSH user).
vv_lock() {
	[ -z "$VV_LOCKED" ] || return 0
	command -v flock >/dev/null 2>&1 || return 0
	vv_uuid=$(vv_virsh domuuid -- "$1" 2>/dev/null) || return 0
	vv_dir=/run/lock
	[ -d "$vv_dir" ] && [ -w "$vv_dir" ] || vv_dir=/tmp
	vv_lockfile=$vv_dir/voidvm-snapshot-$vv_uuid.lock
	[ -e "$vv_lockfile" ] || (umask 0 && : >>"$vv_lockfile") 2>/dev/null
	[ -r "$vv_lockfile" ] || return 0
	exec 9<"$vv_lockfile"
	if ! flock -w 600 9; then
		vv_err "another snapshot operation on VM \\"$1\\" has held its lock ($vv_lockfile) for 10 minutes; try again later"
		return 1
	fi
	VV_LOCKED=1
}

# vv_disks VM: one line per disk of the running definition:
# "TARGET DEVICE FORMAT READONLY NODE" (NODE: libvirt's qemu block node of
# the disk's top image, "-" when unknown).
vv_disks() {
	vv_virsh dumpxml -- "$1" | awk '
		function attr(name,   re, s) {
			re = name "=\\047[^\\047]*\\047"
			if (match($0, re)) { s = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3); return s }
			return ""
		}
		/<disk[ >]/ { indisk = 1; dev = attr("device"); fmt = ""; ro = 0; tgt = ""; idx = ""; seen = 0; depth = 0; next }
		indisk && /<backingStore[ >]/ && !/\\/>/ { depth++ }
		indisk && /<\\/backingStore>/ { depth--; next }
		indisk && depth == 0 && /<driver / && fmt == "" { fmt = attr("type") }
		indisk && depth == 0 && /<source[ \\/>]/ && !seen { seen = 1; idx = attr("index") }
		indisk && depth == 0 && /<readonly\\/>/ { ro = 1 }
		indisk && depth == 0 && /<target / { tgt = attr("dev") }
		indisk && /<\\/disk>/ {
			print tgt, dev, (fmt == "" ? "-" : fmt), ro, (idx == "" ? "-" : "libvirt-" idx "-format")
			indisk = 0
		}'
}

# vv_live_disk_snapshot VM NAME DESCRIPTION: the "disk" kind (see above).
vv_live_disk_snapshot() {
	vv_dom=$1
	vv_jname=$(vv_json "$2")
	if ! vv_list=$(vv_disks "$vv_dom"); then
		vv_err "could not read the definition of VM \\"$vv_dom\\""
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
			vv_err "disk $vv_tgt of VM \\"$vv_dom\\" is $vv_fmt; snapshots need every writable disk in qcow2 format"
			return 3
		fi
		if [ "$vv_node" = - ]; then
			vv_err "libvirt does not name the block node of disk $vv_tgt (it needs -blockdev, libvirt 6 or newer); stop the VM to take a disk-only snapshot"
			return 3
		fi
		vv_actions="$vv_actions\${vv_actions:+,}{\\"type\\":\\"blockdev-snapshot-internal-sync\\",\\"data\\":{\\"device\\":\\"$vv_node\\",\\"name\\":\\"$vv_jname\\"}}"
		vv_diskxml="$vv_diskxml<disk name='$vv_tgt' snapshot='internal'/>"
		vv_nodes="$vv_nodes $vv_node"
	done <<EOF
$vv_list
EOF
	if [ -z "$vv_actions" ]; then
		vv_err "VM \\"$vv_dom\\" has no writable disk, so there is nothing to snapshot"
		return 3
	fi
	vv_parent=$(vv_virsh snapshot-current --name -- "$vv_dom" 2>/dev/null) || vv_parent=
	# The definition is captured before the disks, so that it is exactly what runs.
	if ! vv_def=$(vv_virsh dumpxml --inactive --security-info -- "$vv_dom" 2>&1); then
		vv_err "could not read the definition of VM \\"$vv_dom\\": $vv_def"
		return 1
	fi
	vv_now=$(date +%s)
	if ! vv_o=$(vv_virsh qemu-monitor-command -- "$vv_dom" "{\\"execute\\":\\"transaction\\",\\"arguments\\":{\\"actions\\":[$vv_actions]}}" 2>&1) ||
		case $vv_o in *'"error"'*) true ;; *) false ;; esac; then
		vv_err "QEMU could not take the disk snapshot (nothing was changed): $vv_o"
		return 1
	fi
	{
		printf '<domainsnapshot>\\n<name>%s</name>\\n<description>%s</description>\\n<state>shutoff</state>\\n' "$(vv_xml "$2")" "$(vv_xml "$3")"
		[ -z "$vv_parent" ] || printf '<parent><name>%s</name></parent>\\n' "$(vv_xml "$vv_parent")"
		printf '<creationTime>%s</creationTime>\\n<memory snapshot=%s/>\\n<disks>%s</disks>\\n' "$vv_now" "'no'" "$vv_diskxml"
		printf '%s\\n' "$vv_def"
		printf '</domainsnapshot>\\n'
	} >"$VV_TMP"
	if ! vv_o=$(vv_virsh snapshot-create --domain "$vv_dom" --xmlfile "$VV_TMP" --redefine --current 2>&1); then
		# Undo: remove the disk snapshots again, so that nothing is left half made.
		for vv_node in $vv_nodes; do
			vv_virsh qemu-monitor-command -- "$vv_dom" "{\\"execute\\":\\"blockdev-snapshot-delete-internal-sync\\",\\"arguments\\":{\\"device\\":\\"$vv_node\\",\\"name\\":\\"$vv_jname\\"}}" >/dev/null 2>&1
		done
		vv_err "libvirt refused to record the disk snapshot, so it was removed again: $vv_o"
		return 1
	fi
	return 0
}

# vv_create VM NAME MEMORY DESCRIPTION SCHEDULE FALLBACK
vv_create() {
	vv_c_dom=$1 vv_c_name=$2 vv_c_memory=$3 vv_c_desc=$4 vv_c_sched=$5 vv_c_fallback=$6
	vv_get_state "$vv_c_dom"
	case $VV_STATE in
	absent)
		vv_err "VM \\"$vv_c_dom\\" does not exist on this host"
		return 3
		;;
	error)
		vv_err "could not read the state of VM \\"$vv_c_dom\\": $VV_ERR"
		return 1
		;;
	other)
		vv_err "VM \\"$vv_c_dom\\" is crashed or changing state; a snapshot needs it running, paused, stopped or suspended"
		return 3
		;;
	esac
	vv_lock "$vv_c_dom" || return 1
	vv_get_state "$vv_c_dom"
	vv_c_captured=$VV_STATE
	if vv_virsh snapshot-info -- "$vv_c_dom" "$vv_c_name" >/dev/null 2>&1; then
		vv_err "VM \\"$vv_c_dom\\" already has a snapshot named \\"$vv_c_name\\""
		return 4
	fi
	case $vv_c_memory/$vv_c_captured in
	yes/running | yes/paused) vv_c_kind=full ;;
	yes/*)
		if [ "$vv_c_fallback" != yes ]; then
			vv_err "VM \\"$vv_c_dom\\" is $vv_c_captured, so it has no running memory to save; start it first, or set includeMemory: false for a disk-only snapshot"
			return 3
		fi
		vv_c_kind=offline
		;;
	*/running | */paused) vv_c_kind=disk ;;
	*) vv_c_kind=offline ;;
	esac
	case $vv_c_kind in full) vv_c_mem=yes ;; *) vv_c_mem=no ;; esac
	vv_c_marker="[voidvm memory=$vv_c_mem captured=$vv_c_captured\${vv_c_sched:+ schedule=$vv_c_sched}]"
	if [ -n "$vv_c_desc" ]; then
		vv_c_full="$vv_c_desc
$vv_c_marker"
	else
		vv_c_full=$vv_c_marker
	fi
	if [ "$vv_c_kind" = disk ]; then
		vv_live_disk_snapshot "$vv_c_dom" "$vv_c_name" "$vv_c_full" || return $?
	else
		if ! vv_o=$(vv_virsh snapshot-create-as --domain "$vv_c_dom" --name "$vv_c_name" --description "$vv_c_full" 2>&1); then
			case $vv_o in *"already exists"*)
				vv_err "VM \\"$vv_c_dom\\" already has a snapshot named \\"$vv_c_name\\""
				return 4
				;;
			esac
			vv_err "libvirt could not take the snapshot (nothing was changed): $vv_o"
			return 1
		fi
	fi
	case $vv_c_kind in offline | disk) vv_c_kind=disk-only ;; esac
	printf 'created %s %s\\n' "$vv_c_kind" "$vv_c_captured"
	return 0
}

# vv_list VM: see the header.
vv_list() {
	if ! vv_uuid=$(vv_virsh domuuid -- "$1" 2>&1); then
		case $vv_uuid in *"failed to get domain"* | *"Domain not found"*)
			echo absent
			return 0
			;;
		esac
		vv_err "could not read VM \\"$1\\": $vv_uuid"
		return 1
	fi
	echo "uuid $vv_uuid"
	echo "current $(vv_virsh snapshot-current --name -- "$1" 2>/dev/null)"
	vv_names=$(vv_virsh snapshot-list --name -- "$1") || return 1
	printf '%s\\n' "$vv_names" | while IFS= read -r vv_n; do
		[ -n "$vv_n" ] || continue
		echo "--voidvm-snapshot--"
		vv_virsh snapshot-dumpxml -- "$1" "$vv_n" || exit 1
	done
}

# vv_own VM SCHEDULE: "CREATIONTIME NAME" of the schedule's own snapshots, oldest first.
vv_own() {
	vv_virsh snapshot-list --name -- "$1" | while IFS= read -r vv_n; do
		[ -n "$vv_n" ] || continue
		vv_x=$(vv_virsh snapshot-dumpxml -- "$1" "$vv_n" 2>/dev/null) || continue
		vv_x=\${vv_x%%<domain[ >]*}
		case $vv_x in *" schedule=$2]"*) ;; *) continue ;; esac
		vv_ct=$(printf '%s\\n' "$vv_x" | sed -n 's:.*<creationTime>\\([0-9]*\\)</creationTime>.*:\\1:p' | head -n 1)
		printf '%s %s\\n' "\${vv_ct:-0}" "$vv_n"
	done | sort -k1,1n -k2
}

# ------------------------------------------------------------ a scheduled run

vv_log() { printf '%s schedule=%s: %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$vv_sched" "$*"; }

vv_run() {
	vv_sched='' vv_vm='' vv_naming='' vv_memory=no vv_keep='' vv_logfile=''
	if [ ! -r "$1" ]; then
		vv_err "schedule file $1 is missing or unreadable"
		return 2
	fi
	while IFS= read -r vv_line || [ -n "$vv_line" ]; do
		case $vv_line in
		schedule=*) vv_sched=\${vv_line#schedule=} ;;
		uri=*) VV_URI=\${vv_line#uri=} ;;
		vm=*) vv_vm=\${vv_line#vm=} ;;
		naming=*) vv_naming=\${vv_line#naming=} ;;
		memory=*) vv_memory=\${vv_line#memory=} ;;
		keep=*) vv_keep=\${vv_line#keep=} ;;
		log=*) vv_logfile=\${vv_line#log=} ;;
		esac
	done <"$1"
	if [ -z "$vv_sched" ] || [ -z "$vv_vm" ] || [ -z "$vv_naming" ] || [ -z "$vv_logfile" ]; then
		vv_err "schedule file $1 is incomplete"
		return 2
	fi
	case $vv_keep in '' | *[!0-9]*) vv_keep=0 ;; esac
	mkdir -p "\${vv_logfile%/*}" && chmod 755 "\${vv_logfile%/*}" 2>/dev/null
	umask 022
	exec >>"$vv_logfile" 2>&1
	# Keep the log to its last 2000 lines.
	if [ "$(wc -l <"$vv_logfile")" -gt 4000 ]; then
		tail -n 2000 "$vv_logfile" >"$vv_logfile.tmp" && cat "$vv_logfile.tmp" >"$vv_logfile"
		rm -f "$vv_logfile.tmp"
	fi

	# shellcheck disable=SC2046 # four words, split on purpose
	set -- $(date -u '+%s %Y%m%dT%H%M%SZ %Y-%m-%d %H%M%S')
	vv_name=$vv_naming
	vv_name=$(vv_replace "$vv_name" '{unix}' "$1")
	vv_name=$(vv_replace "$vv_name" '{timestamp}' "$2")
	vv_name=$(vv_replace "$vv_name" '{date}' "$3")
	vv_name=$(vv_replace "$vv_name" '{time}' "$4")
	vv_name=$(vv_replace "$vv_name" '{schedule}' "$vv_sched")
	vv_name=$(vv_replace "$vv_name" '{vm}' "$vv_vm")

	vv_get_state "$vv_vm"
	if [ "$VV_STATE" = absent ]; then
		vv_log "FAILED: VM \\"$vv_vm\\" does not exist (removed or renamed?); no snapshot taken, existing snapshots left alone"
		return 1
	fi
	if [ "$VV_STATE" = error ]; then
		vv_log "FAILED: could not reach libvirt for VM \\"$vv_vm\\": $VV_ERR; no snapshot taken, existing snapshots left alone"
		return 1
	fi
	if ! vv_lock "$vv_vm" 2>"$VV_ERRF"; then
		vv_log "FAILED: $(sed 's/^voidvm: //' "$VV_ERRF" | tr '\\n' ' ')no snapshot taken"
		return 1
	fi
	# Two schedules may fire in the same second with the same pattern: add -2, -3, ...
	vv_try=$vv_name
	vv_i=1
	while :; do
		vv_rc=0
		vv_res=$(vv_create "$vv_vm" "$vv_try" "$vv_memory" "" "$vv_sched" yes 2>"$VV_ERRF") || vv_rc=$?
		if [ "$vv_rc" -ne 4 ] || [ "$vv_i" -ge 9 ]; then break; fi
		vv_i=$((vv_i + 1))
		vv_try=$vv_name-$vv_i
	done
	if [ "$vv_rc" -ne 0 ]; then
		vv_log "FAILED: snapshot \\"$vv_try\\" of VM \\"$vv_vm\\" not taken: $(sed 's/^voidvm: //' "$VV_ERRF" | tr '\\n' ' ')existing snapshots left alone"
		return 1
	fi
	# shellcheck disable=SC2086 # "created KIND CAPTURED", split on purpose
	set -- $vv_res
	vv_log "created snapshot \\"$vv_try\\" of VM \\"$vv_vm\\" ($2, VM was $3)"

	vv_own_list=$(vv_own "$vv_vm" "$vv_sched")
	vv_count=$(printf '%s\\n' "$vv_own_list" | grep -c .)
	if [ "$vv_keep" -le 0 ] || [ "$vv_count" -le "$vv_keep" ]; then
		vv_log "retention: $vv_count snapshot(s) of this schedule, at most $vv_keep kept; nothing to delete"
		return 0
	fi
	vv_excess=$((vv_count - vv_keep))
	vv_log "retention: $vv_count snapshot(s) of this schedule, at most $vv_keep kept; deleting the $vv_excess oldest"
	vv_failed=0
	printf '%s\\n' "$vv_own_list" | head -n "$vv_excess" >"$VV_TMP"
	while read -r vv_ct vv_n; do
		[ -n "$vv_n" ] || continue
		if vv_virsh snapshot-dumpxml -- "$vv_vm" "$vv_n" 2>/dev/null | grep -q "snapshot='external'"; then
			vv_log "kept \\"$vv_n\\": it is an external snapshot, deleting it would need a merge"
			continue
		fi
		if vv_o=$(vv_virsh snapshot-delete -- "$vv_vm" "$vv_n" 2>&1); then
			vv_log "deleted snapshot \\"$vv_n\\" (made $(date -u -d "@$vv_ct" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo "at $vv_ct"))"
		else
			vv_log "FAILED to delete snapshot \\"$vv_n\\": $(printf '%s' "$vv_o" | tr '\\n' ' ')"
			vv_failed=1
		fi
	done <"$VV_TMP"
	return $vv_failed
}

# ---------------------------------------------------------------------- main

VV_TMP=$(mktemp "\${TMPDIR:-/tmp}/voidvm-snapshot.XXXXXX") || exit 1
VV_ERRF=$(mktemp "\${TMPDIR:-/tmp}/voidvm-snapshot.XXXXXX") || exit 1
trap 'rm -f "$VV_TMP" "$VV_ERRF"' EXIT
trap 'exit 1' HUP INT TERM

vv_cmd=\${1:-}
[ $# -gt 0 ] && shift
case $vv_cmd in
run)
	[ $# -eq 1 ] || { vv_err "usage: snapshot-run.sh run CONF"; exit 2; }
	vv_run "$1"
	exit $?
	;;
create)
	[ $# -eq 7 ] || { vv_err "usage: snapshot-run.sh create URI VM NAME MEMORY DESCRIPTION SCHEDULE FALLBACK"; exit 2; }
	VV_URI=$1
	vv_create "$2" "$3" "$4" "$5" "$6" "$7"
	exit $?
	;;
list)
	[ $# -eq 2 ] || { vv_err "usage: snapshot-run.sh list URI VM"; exit 2; }
	VV_URI=$1
	vv_list "$2"
	exit $?
	;;
virsh)
	[ $# -ge 3 ] || { vv_err "usage: snapshot-run.sh virsh URI VM ARGS..."; exit 2; }
	VV_URI=$1
	vv_lock "$2" || exit 1
	shift 2
	vv_virsh "$@"
	exit $?
	;;
*)
	vv_err "usage: snapshot-run.sh run|create|list|virsh ..."
	exit 2
	;;
esac
`;
