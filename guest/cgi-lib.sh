# Helpers for the test guest's CGI scripts (installed as /etc/voidvm/cgi-lib.sh).
# busybox httpd passes the query in QUERY_STRING and only sends a status
# other than 200 when the script prints its own status line, so fail() does.

# ok: start a successful plain-text answer.
ok() {
	printf 'Content-Type: text/plain\r\n\r\n'
}

# fail MESSAGE: answer 400 with MESSAGE and stop.
fail() {
	printf 'HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\n\r\n%s\n' "$1"
	exit 0
}

# param NAME: print the URL-decoded value of query parameter NAME;
# returns 1 if the parameter is absent.
param() {
	_IFS=$IFS
	IFS='&'
	for _kv in ${QUERY_STRING:-}; do
		case "$_kv" in
		"$1"=*)
			IFS=$_IFS
			httpd -d "${_kv#*=}"
			return 0
			;;
		esac
	done
	IFS=$_IFS
	return 1
}

# block_dev: set DEV to the validated `dev` parameter (vdX or sdX, an
# existing block device). Anything else is refused, so a CGI cannot be aimed
# at other files. Sets a variable (no $(...)) so that fail() ends the CGI.
block_dev() {
	DEV=$(param dev) || fail "missing dev"
	echo "$DEV" | grep -Eqx '(vd|sd)[a-z]' || fail "invalid dev: must match ^(vd|sd)[a-z]\$"
	[ -b "/dev/$DEV" ] || fail "no such block device: $DEV"
}
