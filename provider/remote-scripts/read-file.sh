#!/bin/sh
# read-file.sh PATH
# Section `content`: the text of the world-readable file PATH, exactly; or the section `absent`
# when there is no such file.
set -u
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"

if [ ! -e "$1" ]; then
	section absent
	exit 0
fi
section content
cat -- "$1"
