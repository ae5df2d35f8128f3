#!/bin/sh
# balloon-wait.sh URI NAME TARGET_KIB
# Gives the guest's balloon driver up to 20 s to bring the domain's actual memory within 8 MiB
# of TARGET_KIB. Prints nothing and succeeds either way: the new size is set already.
set -u
VOIDVM_URI=$1
name=$2
target=$3
# shellcheck source=lib/common.sh
. "$VOIDVM_LIB/common.sh"

deadline=$(($(date +%s) + 20))
while [ "$(date +%s)" -lt "$deadline" ]; do
	actual=$(v dommemstat -- "$name" 2>/dev/null | awk '$1 == "actual" { print $2 }')
	if [ -n "$actual" ] && [ $((actual > target ? actual - target : target - actual)) -le 8192 ]; then exit 0; fi
	sleep 0.3
done
exit 0
