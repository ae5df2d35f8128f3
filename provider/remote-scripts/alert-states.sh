#!/bin/sh
# alert-states.sh RULES_DIR STATE_DIR [NAME]: the alert rules on the host (every one, or NAME),
# in the section `rules`: per rule a line `rule=NAME`, its rule file's lines (lib/alert-eval.sh),
# then its state file's lines (state=, since=, value=, fired=) when the collector has written one.
set -u
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"

section rules
for file in "$1"/alert-*.conf; do
	[ -r "$file" ] || continue
	name=${file##*/alert-}
	name=${name%.conf}
	if [ $# -ge 3 ] && [ "$name" != "$3" ]; then continue; fi
	printf 'rule=%s\n' "$name"
	cat -- "$file"
	[ -r "$2/$name.state" ] && cat -- "$2/$name.state"
done
exit 0
