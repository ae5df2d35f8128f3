# shellcheck shell=sh
# Helpers every VoidVM remote script includes. Values reach a script only as arguments ($1...)
# or on stdin, never as script text.
#
# Output protocol: a line "@@voidvm NAME" starts a section of stdout. A failed step prints the
# section "failed" holding the step's name, writes its message to stderr, and exits 1.

# v ARGS...: virsh on the connection's libvirt URI (VOIDVM_URI, set by the script).
v() { virsh -q -c "$VOIDVM_URI" "$@"; }

# section NAME: starts a section of the structured result.
section() { printf '@@voidvm %s\n' "$1"; }

# fail STEP [MESSAGE]: ends the script as failed at STEP.
fail() {
	section failed
	printf '%s\n' "$1"
	if [ $# -gt 1 ]; then printf '%s\n' "$2" >&2; fi
	exit 1
}

# is_missing_domain STDERR_TEXT: whether virsh said the domain does not exist.
is_missing_domain() {
	printf '%s' "$1" | grep -qiE 'failed to get domain|domain not found'
}
