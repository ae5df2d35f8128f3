# shellcheck shell=sh
# as_root COMMAND ARGS...: runs one command as root when the caller asked for root
# (ExecOptions.sudo on a connection with sudo: true). RemoteHost then sets VOIDVM_AS_ROOT to its
# privilege prefix; otherwise the command runs as the SSH user. Only single commands get root,
# never a whole script, so the host's sudo rules can allow exactly these commands.
as_root() {
	# shellcheck disable=SC2086 # VOIDVM_AS_ROOT is a prefix of several words, split on purpose
	${VOIDVM_AS_ROOT:-} "$@"
}
