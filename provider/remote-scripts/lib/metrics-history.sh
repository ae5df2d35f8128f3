# shellcheck shell=sh
# The host collector's on-disk history (see docs/monitoring.md): one file set per VM in the
# history directory, the sampler's JSON lines (lib/metrics-sample.sh) appended as they come.
#   DIR/NAME.jsonl        the newest samples
#   DIR/NAME.jsonl.1 ...  older ones, up to NAME.jsonl.(FILES-1); the oldest file is dropped
# NAME is the VM's name with every byte outside [A-Za-z0-9_-] written as %XX, so any libvirt
# name (quotes, spaces, UTF-8) gives a plain file name. A file is rotated before a line would
# take it past FILE_BYTES, so one VM never holds more than FILES x FILE_BYTES bytes.
# Scripts using this set LC_ALL=C (awk then works on bytes).

# awk functions: history_name(vm) (the file name stem) and json_vm(line) (the sample's VM name).
HISTORY_AWK_LIB='
BEGIN { for (i = 1; i < 256; i++) history_ord[sprintf("%c", i)] = i }
function history_name(vm,    out, i, c) {
	out = ""
	for (i = 1; i <= length(vm); i++) {
		c = substr(vm, i, 1)
		out = out (c ~ /^[A-Za-z0-9_-]$/ ? c : sprintf("%%%02X", history_ord[c]))
	}
	return out
}
function json_vm(line,    i, c, out) {
	if (substr(line, 1, 7) != "{\"vm\":\"") return ""
	out = ""
	for (i = 8; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (c == "\\") { i++; out = out substr(line, i, 1); continue }
		if (c == "\"") return out
		out = out c
	}
	return ""
}
function json_num(line, key,    at) {
	if (!match(line, "[,{]\"" key "\":-?[0-9][0-9.eE+-]*")) return ""
	at = substr(line, RSTART, RLENGTH)
	return substr(at, index(at, ":") + 1) + 0
}
'

# history_write DIR FILE_BYTES FILES [SCRIPT CONF]: appends each sample line of stdin to its VM's
# history (rotating as above) and passes the line on to stdout. After each rotation it runs
# `/bin/sh SCRIPT prune CONF` (the total bound). DIR, SCRIPT and CONF are paths of the safe
# characters [A-Za-z0-9_./-] (the collector checks them).
history_write() {
	hw_dir=$1
	hw_bytes=$2
	hw_files=$3
	hw_prune=
	if [ $# -ge 5 ]; then hw_prune="/bin/sh '$4' prune '$5'"; fi
	set --
	if awk -W version 2>/dev/null | grep -q '^mawk'; then set -- -W interactive; fi
	HW_DIR=$hw_dir HW_BYTES=$hw_bytes HW_FILES=$hw_files HW_PRUNE=$hw_prune awk "$@" "$HISTORY_AWK_LIB"'
	function file_size(f,    cmd, s) {
		s = 0
		cmd = "wc -c 2>/dev/null < \"" f "\""
		if ((cmd | getline s) <= 0) s = 0
		close(cmd)
		return s + 0
	}
	function rotate(f,    k, cmd) {
		cmd = "rm -f \"" f "." (files - 1) "\""
		for (k = files - 2; k >= 1; k--) cmd = cmd "; [ ! -e \"" f "." k "\" ] || mv -f \"" f "." k "\" \"" f "." (k + 1) "\""
		if (files > 1) cmd = cmd "; mv -f \"" f "\" \"" f ".1\""
		else cmd = cmd "; rm -f \"" f "\""
		system(cmd)
	}
	BEGIN { dir = ENVIRON["HW_DIR"]; bytes = ENVIRON["HW_BYTES"] + 0; files = ENVIRON["HW_FILES"] + 0; prune = ENVIRON["HW_PRUNE"] }
	{
		vm = json_vm($0)
		if (vm == "") next
		f = dir "/" history_name(vm) ".jsonl"
		n = length($0) + 1
		# Sizes are known from the writes; asked of the file system only after a prune (which may
		# have removed a file) and for a file not seen yet.
		if (!(f in sizes)) sizes[f] = file_size(f)
		if (sizes[f] > 0 && sizes[f] + n > bytes) { rotate(f); sizes[f] = 0 }
		# A new file (a new VM, or just rotated): the total bound is made good before it grows.
		if (sizes[f] == 0) {
			printf "" >> f; close(f)
			if (prune != "") { system(prune); split("", sizes); sizes[f] = 0 }
		}
		if (n <= bytes) { print $0 >> f; close(f); sizes[f] += n }
		print $0
		fflush()
	}
	'
}

# history_prune DIR TOTAL_BYTES FILE_BYTES: keeps the directory within TOTAL_BYTES, counting
# every current file (NAME.jsonl) as full (FILE_BYTES), by deleting the oldest files first:
# rotated files, and the current file of a VM not sampled for 10 minutes (it left the host).
# The writer runs it before a file starts (a new VM, or a rotation), so the directory never
# holds more than TOTAL_BYTES while the current files alone fit in it.
history_prune() {
	hp_dir=$1
	[ -d "$hp_dir" ] || return 0
	find "$hp_dir" -maxdepth 1 -type f -name '*.jsonl*' -printf '%T@ %s %f\n' | sort -n |
		awk -v total="$2" -v fb="$3" -v now="$(date +%s)" '
		{ t[NR] = $1; s[NR] = $2; f[NR] = $3; if ($3 ~ /\.jsonl$/) cur++; else rot += $2 }
		END {
			for (i = 1; i <= NR && rot + cur * fb > total; i++) {
				if (f[i] ~ /\.jsonl\.[0-9]+$/) { print f[i]; rot -= s[i] }
				else if (t[i] < now - 600) { print f[i]; cur-- }
			}
		}' |
		while IFS= read -r hp_file; do rm -f -- "$hp_dir/$hp_file"; done
}

# history_read DIR VM FROM TO: the VM's samples with FROM <= time <= TO, oldest first.
history_read() {
	hr_stem=$(VM=$2 awk "$HISTORY_AWK_LIB"'BEGIN { printf "%s", history_name(ENVIRON["VM"]) }')
	hr_base="$1/$hr_stem.jsonl"
	# The rotated files, highest number (oldest) first, then the current one.
	for hr_file in $(find "$1" -maxdepth 1 -type f -name "$hr_stem.jsonl.*" -printf '%f\n' 2>/dev/null | sed -n 's/.*\.jsonl\.\([0-9][0-9]*\)$/\1/p' | sort -rn) ""; do
		if [ -n "$hr_file" ]; then hr_file="$hr_base.$hr_file"; else hr_file=$hr_base; fi
		[ -r "$hr_file" ] && cat -- "$hr_file"
	done | FROM=$3 TO=$4 awk "$HISTORY_AWK_LIB"'
	BEGIN { from = ENVIRON["FROM"] + 0; to = ENVIRON["TO"] + 0 }
	{ t = json_num($0, "time"); if (t != "" && t >= from && t <= to) print }'
}
