# Shared helpers of the VoidVM test guest, sourced by /init, the udhcpc
# script and the CGI scripts. Installed as /etc/voidvm/lib.sh.

# shellcheck disable=SC2034 # used by the scripts that source this file
VOIDVM_RUN=/run/voidvm

# say LINE: print a line on the first serial port. Tests read the serial log
# (a <serial type='file'> or a pty's <log file>) for the VOIDVM-* markers, so
# they go to ttyS0 even when the kernel console is somewhere else. The line
# starts after a line break of its own: a shell prompt may be waiting there.
say() {
	if [ -c /dev/ttyS0 ]; then
		printf '\n%s\n' "$*" >/dev/ttyS0
	else
		printf '\n%s\n' "$*" >/dev/console
	fi
}

# write_index [TEXT]: (re)write the home page served by httpd. Written to a
# temporary file first so httpd never serves a half-written page.
write_index() {
	_host=$(hostname)
	{
		echo "<html><head><title>voidvm test guest</title></head><body>"
		echo "<h1>voidvm test guest</h1>"
		echo "<p id=\"hostname\">$_host</p>"
		if [ -n "${1:-}" ]; then
			echo "<p id=\"text\">$1</p>"
		fi
		echo "</body></html>"
	} >/www/index.html.tmp
	mv /www/index.html.tmp /www/index.html
}
