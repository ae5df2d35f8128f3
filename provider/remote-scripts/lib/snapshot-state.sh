# shellcheck shell=sh
# shellcheck disable=SC2034 # VV_STATE and VV_ERR are results, read by the including script
# The VM's state and its snapshot lock, for snapshot.sh. Needs common.sh.

# vv_err MESSAGE...: the script's own words on stderr, prefixed "voidvm: ".
vv_err() { printf 'voidvm: %s\n' "$*" >&2; }

# vv_get_state VM: sets VV_STATE to running|paused|stopped|suspended|absent|other|error
# (and VV_ERR with libvirt's words for "error").
vv_get_state() {
	VV_ERR=
	if vv_o=$(v domstate -- "$1" 2>&1); then
		case $vv_o in
		running | idle) VV_STATE=running ;;
		paused | pmsuspended) VV_STATE=paused ;;
		"shut off")
			if v dominfo -- "$1" 2>/dev/null | grep -q '^Managed save: *yes'; then
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
	vv_uuid=$(v domuuid -- "$1" 2>/dev/null) || return 0
	vv_dir=/run/lock
	[ -d "$vv_dir" ] && [ -w "$vv_dir" ] || vv_dir=/tmp
	vv_lockfile=$vv_dir/voidvm-snapshot-$vv_uuid.lock
	[ -e "$vv_lockfile" ] || (umask 0 && : >>"$vv_lockfile") 2>/dev/null
	[ -r "$vv_lockfile" ] || return 0
	exec 9<"$vv_lockfile"
	if ! flock -w 600 9; then
		vv_err "another snapshot operation on VM \"$1\" has held its lock ($vv_lockfile) for 10 minutes; try again later"
		return 1
	fi
	VV_LOCKED=1
}

