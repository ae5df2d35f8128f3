#!/usr/bin/env bash
# start-libvirtd.sh [LIBVIRTD_ARGS...]: starts libvirtd in the background, under tini as a child
# subreaper, and returns. host-up, the second host and the tests that restart libvirtd all start
# it this way.
#
# Why tini: libvirt double-forks QEMU, so each VM's QEMU is an orphan, reparented to the nearest
# subreaper or else to PID 1. On a usual host PID 1 (systemd) reaps it as soon as it exits. This
# machine's PID 1 (the sandbox's init) reaps orphans only about once a second, and `virsh
# destroy` waits until the QEMU process is gone, zombie included: every VM stop took 1.5 s
# instead of 0.2 s. Under `tini -s` the orphans are reparented to tini, which reaps them at once.
# libvirtd runs in the foreground under tini (tini ends when libvirtd does); it writes its pid
# file as with -d (/run/libvirtd.pid, or the one given with -p).
set -euo pipefail
command -v tini >/dev/null || {
	echo "[start-libvirtd] tini is missing: npm run host:up installs it" >&2
	exit 1
}
setsid tini -s -- libvirtd "$@" </dev/null >/dev/null 2>&1 &
