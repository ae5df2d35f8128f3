# shellcheck shell=sh
# Helpers every VoidVM remote script includes. Values reach a script only as arguments ($1...)
# or on stdin, never as script text.
#
# Output protocol: a line "@@voidvm NAME" starts a section of stdout. A failed step prints the
# section "failed" holding the step's name, writes its message to stderr, and exits 1.

# v ARGS...: virsh on the connection's libvirt URI (VOIDVM_URI, set by the script).
v() { virsh -q -c "$VOIDVM_URI" "$@"; }

# virsh_batch COMMANDS: one virsh process (one libvirtd connection, about 50 ms less per command
# than a virsh each) running COMMANDS, virsh's own `;`-separated command line. Arguments in it
# must be quoted with virsh_quote. virsh goes on after a failed command; its exit status is the
# last command's. Without -q, so that virsh's `echo` ends its line (section markers).
virsh_batch() { virsh -c "$VOIDVM_URI" "$1"; }

# virsh_quote TEXT: TEXT as one argument of a virsh command line. virsh splits its command lines
# as sh does (in single quotes everything is literal up to the next quote), so this is sh's
# single quoting; TEXT never holds control characters (the provider refuses them).
virsh_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

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
