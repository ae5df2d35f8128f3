# shellcheck shell=sh
# Taking one snapshot, for snapshot.sh. Needs common.sh, snapshot-state.sh and
# snapshot-live-disk.sh.

# vv_create VM NAME MEMORY DESCRIPTION SCHEDULE FALLBACK [OWNER]: OWNER (percent-encoded, may be
# empty) goes into the tag as ` owner=OWNER`, the Snapshot resource's owner mark.
vv_create() {
	vv_c_dom=$1 vv_c_name=$2 vv_c_memory=$3 vv_c_desc=$4 vv_c_sched=$5 vv_c_fallback=$6 vv_c_owner=${7:-}
	case $vv_c_owner in *[!A-Za-z0-9%._~!*\'\(\)-]*)
		vv_err "the owner mark must be percent-encoded"
		return 2
		;;
	esac
	vv_get_state "$vv_c_dom"
	case $VV_STATE in
	absent)
		vv_err "VM \"$vv_c_dom\" does not exist on this host"
		return 3
		;;
	error)
		vv_err "could not read the state of VM \"$vv_c_dom\": $VV_ERR"
		return 1
		;;
	other)
		vv_err "VM \"$vv_c_dom\" is crashed or changing state; a snapshot needs it running, paused, stopped or suspended"
		return 3
		;;
	esac
	vv_lock "$vv_c_dom" || return 1
	vv_get_state "$vv_c_dom"
	vv_c_captured=$VV_STATE
	if v snapshot-info -- "$vv_c_dom" "$vv_c_name" >/dev/null 2>&1; then
		vv_err "VM \"$vv_c_dom\" already has a snapshot named \"$vv_c_name\""
		return 4
	fi
	case $vv_c_memory/$vv_c_captured in
	yes/running | yes/paused) vv_c_kind=full ;;
	yes/*)
		if [ "$vv_c_fallback" != yes ]; then
			vv_err "VM \"$vv_c_dom\" is $vv_c_captured, so it has no running memory to save; start it first, or set includeMemory: false for a disk-only snapshot"
			return 3
		fi
		vv_c_kind=offline
		;;
	*/running | */paused) vv_c_kind=disk ;;
	*) vv_c_kind=offline ;;
	esac
	case $vv_c_kind in full) vv_c_mem=yes ;; *) vv_c_mem=no ;; esac
	vv_c_marker="[voidvm memory=$vv_c_mem captured=$vv_c_captured${vv_c_owner:+ owner=$vv_c_owner}${vv_c_sched:+ schedule=$vv_c_sched}]"
	if [ -n "$vv_c_desc" ]; then
		vv_c_full="$vv_c_desc
$vv_c_marker"
	else
		vv_c_full=$vv_c_marker
	fi
	if [ "$vv_c_kind" = disk ]; then
		vv_live_disk_snapshot "$vv_c_dom" "$vv_c_name" "$vv_c_full" || return $?
	else
		if ! vv_o=$(v snapshot-create-as --domain "$vv_c_dom" --name "$vv_c_name" --description "$vv_c_full" 2>&1); then
			case $vv_o in *"already exists"*)
				vv_err "VM \"$vv_c_dom\" already has a snapshot named \"$vv_c_name\""
				return 4
				;;
			esac
			vv_err "libvirt could not take the snapshot (nothing was changed): $vv_o"
			return 1
		fi
	fi
	case $vv_c_kind in offline | disk) vv_c_kind=disk-only ;; esac
	printf 'created %s %s\n' "$vv_c_kind" "$vv_c_captured"
	return 0
}
