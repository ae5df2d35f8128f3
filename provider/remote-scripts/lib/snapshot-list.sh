# shellcheck shell=sh
# Listing a VM's snapshots, for snapshot.sh. Needs common.sh and snapshot-state.sh.

# vv_list VM: see the header.
vv_list() {
	if ! vv_uuid=$(v domuuid -- "$1" 2>&1); then
		case $vv_uuid in *"failed to get domain"* | *"Domain not found"*)
			echo absent
			return 0
			;;
		esac
		vv_err "could not read VM \"$1\": $vv_uuid"
		return 1
	fi
	echo "uuid $vv_uuid"
	echo "current $(v snapshot-current --name -- "$1" 2>/dev/null)"
	vv_names=$(v snapshot-list --name -- "$1") || return 1
	printf '%s\n' "$vv_names" | while IFS= read -r vv_n; do
		[ -n "$vv_n" ] || continue
		echo "--voidvm-snapshot--"
		v snapshot-dumpxml -- "$1" "$vv_n" || exit 1
	done
}

# vv_own VM SCHEDULE: "CREATIONTIME NAME" of the schedule's own snapshots, oldest first.
vv_own() {
	v snapshot-list --name -- "$1" | while IFS= read -r vv_n; do
		[ -n "$vv_n" ] || continue
		vv_x=$(v snapshot-dumpxml -- "$1" "$vv_n" 2>/dev/null) || continue
		vv_x=${vv_x%%<domain[ >]*}
		case $vv_x in *" schedule=$2]"*) ;; *) continue ;; esac
		vv_ct=$(printf '%s\n' "$vv_x" | sed -n 's:.*<creationTime>\([0-9]*\)</creationTime>.*:\1:p' | head -n 1)
		printf '%s %s\n' "${vv_ct:-0}" "$vv_n"
	done | sort -k1,1n -k2
}

