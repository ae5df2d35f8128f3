# shellcheck shell=sh
# One scheduled run of a SnapshotSchedule (cron), for snapshot.sh: take a snapshot, then apply
# retention, logging everything to the schedule's log. Needs common.sh, snapshot-state.sh,
# snapshot-create.sh and snapshot-list.sh.

# vv_replace TEXT FROM TO: TEXT with every FROM replaced by TO.
vv_replace() {
	vv_t=$1
	vv_out=
	while :; do
		case $vv_t in
		*"$2"*)
			vv_out=$vv_out${vv_t%%"$2"*}$3
			vv_t=${vv_t#*"$2"}
			;;
		*)
			printf '%s' "$vv_out$vv_t"
			return 0
			;;
		esac
	done
}

vv_log() { printf '%s schedule=%s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$vv_sched" "$*"; }

# vv_run CONF: see snapshot.sh.
# shellcheck disable=SC2034 # VOIDVM_URI, set from CONF, is read by v (common.sh)
vv_run() {
	vv_sched='' vv_vm='' vv_naming='' vv_memory=no vv_keep='' vv_logfile=''
	if [ ! -r "$1" ]; then
		vv_err "schedule file $1 is missing or unreadable"
		return 2
	fi
	while IFS= read -r vv_line || [ -n "$vv_line" ]; do
		case $vv_line in
		schedule=*) vv_sched=${vv_line#schedule=} ;;
		uri=*) VOIDVM_URI=${vv_line#uri=} ;;
		vm=*) vv_vm=${vv_line#vm=} ;;
		naming=*) vv_naming=${vv_line#naming=} ;;
		memory=*) vv_memory=${vv_line#memory=} ;;
		keep=*) vv_keep=${vv_line#keep=} ;;
		log=*) vv_logfile=${vv_line#log=} ;;
		esac
	done <"$1"
	if [ -z "$vv_sched" ] || [ -z "$vv_vm" ] || [ -z "$vv_naming" ] || [ -z "$vv_logfile" ]; then
		vv_err "schedule file $1 is incomplete"
		return 2
	fi
	case $vv_keep in '' | *[!0-9]*) vv_keep=0 ;; esac
	mkdir -p "${vv_logfile%/*}" && chmod 755 "${vv_logfile%/*}" 2>/dev/null
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
		vv_log "FAILED: VM \"$vv_vm\" does not exist (removed or renamed?); no snapshot taken, existing snapshots left alone"
		return 1
	fi
	if [ "$VV_STATE" = error ]; then
		vv_log "FAILED: could not reach libvirt for VM \"$vv_vm\": $VV_ERR; no snapshot taken, existing snapshots left alone"
		return 1
	fi
	if ! vv_lock "$vv_vm" 2>"$VV_ERRF"; then
		vv_log "FAILED: $(sed 's/^voidvm: //' "$VV_ERRF" | tr '\n' ' ')no snapshot taken"
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
		vv_log "FAILED: snapshot \"$vv_try\" of VM \"$vv_vm\" not taken: $(sed 's/^voidvm: //' "$VV_ERRF" | tr '\n' ' ')existing snapshots left alone"
		return 1
	fi
	# shellcheck disable=SC2086 # "created KIND CAPTURED", split on purpose
	set -- $vv_res
	vv_log "created snapshot \"$vv_try\" of VM \"$vv_vm\" ($2, VM was $3)"

	vv_own_list=$(vv_own "$vv_vm" "$vv_sched")
	vv_count=$(printf '%s\n' "$vv_own_list" | grep -c .)
	if [ "$vv_keep" -le 0 ] || [ "$vv_count" -le "$vv_keep" ]; then
		vv_log "retention: $vv_count snapshot(s) of this schedule, at most $vv_keep kept; nothing to delete"
		return 0
	fi
	vv_excess=$((vv_count - vv_keep))
	vv_log "retention: $vv_count snapshot(s) of this schedule, at most $vv_keep kept; deleting the $vv_excess oldest"
	vv_failed=0
	printf '%s\n' "$vv_own_list" | head -n "$vv_excess" >"$VV_TMP"
	while read -r vv_ct vv_n; do
		[ -n "$vv_n" ] || continue
		if v snapshot-dumpxml -- "$vv_vm" "$vv_n" 2>/dev/null | grep -q "snapshot='external'"; then
			vv_log "kept \"$vv_n\": it is an external snapshot, deleting it would need a merge"
			continue
		fi
		if vv_o=$(v snapshot-delete -- "$vv_vm" "$vv_n" 2>&1); then
			vv_log "deleted snapshot \"$vv_n\" (made $(date -u -d "@$vv_ct" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo "at $vv_ct"))"
		else
			vv_log "FAILED to delete snapshot \"$vv_n\": $(printf '%s' "$vv_o" | tr '\n' ' ')"
			vv_failed=1
		fi
	done <"$VV_TMP"
	return $vv_failed
}
