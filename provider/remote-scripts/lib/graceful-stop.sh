# shellcheck shell=sh
# graceful_stop NAME TIMEOUT: ACPI shutdown, waiting up to TIMEOUT seconds for the guest to power
# off, then a forced stop. Prints `already`, `graceful` or `forced`.
graceful_stop() {
	if [ "$(v domstate -- "$1" 2>/dev/null)" = "shut off" ]; then
		echo already
		return 0
	fi
	v shutdown --mode acpi -- "$1" >/dev/null 2>&1 || true
	graceful_deadline=$(($(date +%s) + $2))
	while [ "$(date +%s)" -lt "$graceful_deadline" ]; do
		if [ "$(v domstate -- "$1" 2>/dev/null)" = "shut off" ]; then
			echo graceful
			return 0
		fi
		sleep 0.2
	done
	if [ "$(v domstate -- "$1" 2>/dev/null)" = "shut off" ]; then
		echo graceful
		return 0
	fi
	v destroy -- "$1" >/dev/null
	echo forced
}
