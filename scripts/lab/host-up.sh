#!/usr/bin/env bash
# Turn this machine into a VoidVM lab host (`npm run host:up`, as root):
# libvirt + QEMU (TCG: there is no /dev/kvm), the `default` NAT network, the
# `voidvm` storage pool, an unprivileged `voidvm` user reachable over its own
# sshd on 127.0.0.1, and the tiny test guest. Writes .voidvm/host.json, which
# the tests use to connect the provider to this host.
#
# There is no systemd here: daemons are started by hand and checked with
# pgrep / pid files. Every step checks first and only changes what is
# missing, so the script is safe to run again at any time.
#
# The lab also has a second libvirt host that behaves as a separate machine
# (its own libvirtd, socket, pool, network and sshd on 127.0.0.1:2223): see
# second-host.sh. host.json describes it under "second".
#
# Environment: VOIDVM_SSH_PORT (default 2222), VOIDVM_SECOND_SSH_PORT (2223),
# VOIDVM_SECOND_HOST=skip to leave the second host out, VOIDVM_GUEST_DIR
# (default /var/lib/voidvm/guest) for the test guest.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
STATE_DIR="$REPO_ROOT/.voidvm" # git-ignored: key pair and host.json
SSH_PORT=${VOIDVM_SSH_PORT:-2222}

LAB_USER=voidvm
LIBVIRT_URI=qemu:///system
POOL_NAME=voidvm
POOL_DIR=/var/lib/voidvm/pool
CONSOLE_DIR=/var/lib/voidvm/console
OWNERS_DIR=/var/lib/voidvm/owners
# VOIDVM_GUEST_DIR: where build-guest.sh installs the test guest (another
# checkout can try a changed guest without replacing everyone's).
GUEST_DIR=${VOIDVM_GUEST_DIR:-/var/lib/voidvm/guest}
NETWORK=default
LAB_ETC=/etc/voidvm-lab
SSHD_CONFIG="$LAB_ETC/sshd_config"
SSHD_HOST_KEY="$LAB_ETC/ssh_host_ed25519_key"
SSHD_PID=/run/voidvm-lab-sshd.pid
SUDOERS=/etc/sudoers.d/voidvm

PACKAGES=(
	libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients
	qemu-system-x86 qemu-utils openssh-server openssh-client dnsmasq-base
	nftables cron sudo cpio gzip gcc libc6-dev curl
	shellcheck  # npm run lint checks the remote scripts
	genisoimage # cloud-init NoCloud seeds (ISO, volume label cidata)
	tmux        # drives `voidvm console` in the console tests
	tini        # libvirtd runs under it, so that QEMU processes are reaped at once (start-libvirtd.sh)
	chromium    # headless: screenshots of the pages voidvm serves (`voidvm watch`, `voidvm vnc`)
)

# shellcheck source=second-host.sh
source "$SCRIPT_DIR/second-host.sh"

log() { echo "[host-up] $*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

# ---------------------------------------------------------------- packages

install_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) != "install ok installed" ]]; then
			missing+=("$p")
		fi
	done
	if ((${#missing[@]} == 0)); then
		log "packages: all present"
		return
	fi
	log "packages: installing ${missing[*]}"
	# Another apt run may hold the dpkg lock (e.g. a background install):
	# wait for it rather than fail.
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
}

# ----------------------------------------------------------------- libvirt

# set_conf FILE KEY VALUE: make `KEY = VALUE` the active setting; returns 0
# if the file changed. Commented-out defaults stay as they are.
set_conf() {
	local file=$1 key=$2 value=$3
	if grep -Eq "^[[:space:]]*${key}[[:space:]]*=[[:space:]]*${value}[[:space:]]*$" "$file"; then
		return 1
	fi
	if grep -Eq "^[[:space:]]*${key}[[:space:]]*=" "$file"; then
		sed -i -E "s|^[[:space:]]*${key}[[:space:]]*=.*|$key = $value|" "$file"
	else
		printf '\n# set by VoidVM scripts/lab/host-up.sh\n%s = %s\n' "$key" "$value" >>"$file"
	fi
	log "libvirtd.conf: $key = $value"
	return 0
}

# Without D-Bus/polkit, a non-root user cannot open qemu:///system: let the
# `libvirt` group use the read-write socket with no further auth.
configure_libvirtd() {
	local conf=/etc/libvirt/libvirtd.conf changed=1
	getent group libvirt >/dev/null || groupadd --system libvirt
	set_conf "$conf" unix_sock_group '"libvirt"' && changed=0
	set_conf "$conf" unix_sock_rw_perms '"0770"' && changed=0
	set_conf "$conf" auth_unix_rw '"none"' && changed=0
	return $changed
}

libvirt_answers() {
	virsh -c "$LIBVIRT_URI" version >/dev/null 2>&1
}

# first_host_daemon NAME: the pid of NAME running in this mount namespace.
# The second host's daemons (second-host.sh) have the same names but run in
# a mount namespace of their own; they must never be taken for the first's.
first_host_daemon() {
	local pid self
	self=$(readlink /proc/self/ns/mnt)
	for pid in $(pgrep -x "$1"); do
		if [[ $(readlink "/proc/$pid/ns/mnt" 2>/dev/null) == "$self" ]]; then
			echo "$pid"
			return 0
		fi
	done
	return 1
}

# info_field SUBCOMMAND NAME FIELD: FIELD's value in `virsh SUBCOMMAND NAME`
# ("State:   running"). awk reads all of virsh's output: with `grep -q`,
# virsh could die of SIGPIPE and pipefail would turn a match into a failure.
info_field() {
	virsh -c "$LIBVIRT_URI" "$1" "$2" | awk -F': *' -v f="$3" '$1 == f { print $2 }'
}

wait_for_libvirt() {
	for _ in $(seq 1 60); do
		libvirt_answers && return 0
		sleep 0.5
	done
	die "libvirtd does not answer on $LIBVIRT_URI after 30 s"
}

# libvirtd writes /run/libvirtd.pid. Stopping it leaves running domains alone (they are QEMU
# processes of their own and are re-attached at start). start-libvirtd.sh says why under tini.
restart_libvirtd() {
	local pid
	pid=$(cat /run/libvirtd.pid 2>/dev/null || first_host_daemon libvirtd || true)
	if [[ -n $pid ]]; then
		log "restarting libvirtd (pid $pid) for the new socket settings"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && die "libvirtd (pid $pid) did not stop"
	fi
	"$SCRIPT_DIR/start-libvirtd.sh"
}

start_libvirt() {
	local conf_changed=$1
	if ! first_host_daemon virtlogd >/dev/null; then
		log "starting virtlogd"
		virtlogd -d
	fi
	if ! first_host_daemon libvirtd >/dev/null; then
		log "starting libvirtd"
		"$SCRIPT_DIR/start-libvirtd.sh"
	elif [[ $(ps -o comm= -p "$(ps -o ppid= -p "$(first_host_daemon libvirtd)" | tr -d ' ')") != tini ]]; then
		log "libvirtd runs without tini: restarting it under tini (QEMU processes reaped at once)"
		restart_libvirtd
	elif ((conf_changed)); then
		restart_libvirtd
	else
		log "libvirtd: running"
	fi
	wait_for_libvirt
}

ensure_network() {
	if ! virsh -c "$LIBVIRT_URI" net-info "$NETWORK" >/dev/null 2>&1; then
		log "network $NETWORK: defining from /usr/share/libvirt/networks/default.xml"
		virsh -q -c "$LIBVIRT_URI" net-define /usr/share/libvirt/networks/default.xml >/dev/null
	fi
	if [[ $(info_field net-info "$NETWORK" Active) != yes ]]; then
		log "network $NETWORK: starting"
		virsh -q -c "$LIBVIRT_URI" net-start "$NETWORK" >/dev/null
	fi
	if [[ $(info_field net-info "$NETWORK" Autostart) != yes ]]; then
		virsh -q -c "$LIBVIRT_URI" net-autostart "$NETWORK" >/dev/null
	fi
	log "network $NETWORK: active, autostart"
}

# A directory pool the `libvirt` group can write to (setgid, so files made
# in it by the lab user keep that group). The pool XML cannot hold the
# setgid bit (libvirt: "malformed octal mode"), so the mode is set on the
# directory itself, again after pool-start.
ensure_pool() {
	fix_pool_dir
	if ! virsh -c "$LIBVIRT_URI" pool-info "$POOL_NAME" >/dev/null 2>&1; then
		log "pool $POOL_NAME: defining at $POOL_DIR"
		virsh -q -c "$LIBVIRT_URI" pool-define-as "$POOL_NAME" dir --target "$POOL_DIR" >/dev/null
	fi
	if [[ $(info_field pool-info "$POOL_NAME" State) != running ]]; then
		log "pool $POOL_NAME: starting"
		virsh -q -c "$LIBVIRT_URI" pool-start "$POOL_NAME" >/dev/null
	fi
	if [[ $(info_field pool-info "$POOL_NAME" Autostart) != yes ]]; then
		virsh -q -c "$LIBVIRT_URI" pool-autostart "$POOL_NAME" >/dev/null
	fi
	fix_pool_dir
	log "pool $POOL_NAME: running, autostart, $POOL_DIR ($(stat -c '%A %U:%G' "$POOL_DIR"))"
}

fix_pool_dir() {
	install -d -m 2775 -o root -g libvirt "$POOL_DIR"
	chgrp libvirt "$POOL_DIR"
	chmod 2775 "$POOL_DIR" # install -d leaves an existing dir's mode alone
}

# Serial-console log files of test domains (<serial type='file'>): the lab
# user creates/reads them, libvirt opens them for QEMU.
ensure_console_dir() {
	install -d -m 2775 -o root -g libvirt "$CONSOLE_DIR"
	chmod 2775 "$CONSOLE_DIR"
}

# VoidVM's owner registry (marks of volumes and DHCP host entries, written by
# the provider's remote scripts as the SSH user, which needs no root): writable
# by the libvirt group, setgid so that every lab user shares the folders.
ensure_owners_dir() {
	install -d -m 2775 -o root -g libvirt "$OWNERS_DIR"
	chgrp libvirt "$OWNERS_DIR"
	chmod 2775 "$OWNERS_DIR"
}

# ------------------------------------------------------- cron and sysctls

start_cron() {
	if pgrep -x cron >/dev/null; then
		log "cron: running"
	else
		log "starting cron"
		cron
	fi
}

# Port forwards (nftables DNAT to guests) need forwarding, and reaching them
# at 127.0.0.1 needs route_localnet. Not persisted: host-up sets them again.
set_sysctls() {
	sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.route_localnet=1
	log "sysctl: net.ipv4.ip_forward=1 net.ipv4.conf.all.route_localnet=1"
}

# ------------------------------------------------------------ the lab user

# An account made by useradd is locked ("!") and sshd refuses it even for
# keys; '*' unlocks key login while still allowing no password. /bin/sh as
# shell keeps each SSH exec channel cheap (~60 ms instead of ~600 ms).
ensure_user() {
	if ! getent passwd "$LAB_USER" >/dev/null; then
		log "user $LAB_USER: creating"
		useradd --create-home --shell /bin/sh --groups libvirt "$LAB_USER"
	fi
	usermod --shell /bin/sh --append --groups libvirt --password '*' "$LAB_USER"
	log "user $LAB_USER: $(id "$LAB_USER")"
}

# The client key lives in the repo's .voidvm/ (git-ignored, root only). An
# existing key is reused; it is (re)written to authorized_keys under a
# comment naming this checkout, so other checkouts' keys stay valid.
ensure_keys() {
	local key="$STATE_DIR/id_ed25519" home ssh_dir auth marker pub tmp
	install -d -m 700 "$STATE_DIR"
	if [[ -f $key ]] && ssh-keygen -y -f "$key" >/dev/null 2>&1; then
		log "key: reusing $key"
	else
		log "key: generating $key"
		rm -f "$key" "$key.pub"
		ssh-keygen -q -t ed25519 -N '' -C "voidvm-lab" -f "$key"
	fi
	chmod 600 "$key"
	marker="voidvm-lab:$REPO_ROOT"
	pub="$(ssh-keygen -y -f "$key" | cut -d' ' -f1,2) $marker"
	echo "$pub" >"$key.pub"

	home=$(getent passwd "$LAB_USER" | cut -d: -f6)
	ssh_dir="$home/.ssh"
	auth="$ssh_dir/authorized_keys"
	install -d -m 700 -o "$LAB_USER" -g "$LAB_USER" "$ssh_dir"
	if [[ -f $auth ]] && grep -qxF "$pub" "$auth"; then
		log "authorized_keys: up to date"
	else
		log "authorized_keys: adding the key of $REPO_ROOT"
		tmp=$(mktemp)
		if [[ -f $auth ]]; then
			grep -vF " $marker" "$auth" >"$tmp" || true
		fi
		echo "$pub" >>"$tmp"
		install -m 600 -o "$LAB_USER" -g "$LAB_USER" "$tmp" "$auth"
		rm -f "$tmp"
	fi
	chown "$LAB_USER:$LAB_USER" "$auth"
	chmod 600 "$auth"
	chmod go-w "$home" # sshd's StrictModes refuses a group-writable home
}

# What the provider may run as root through sudo, and nothing more:
#   nft      - its own port-forward tables (voidvm-*). nft is all-powerful
#              over the host's firewall; acceptable for a lab user.
#   sysctl   - exactly the two settings port forwarding needs.
#   install  - write one file from stdin: /etc/cron.d/voidvm-NAME (mode 644,
#              cron ignores other modes) or /etc/voidvm/NAME (644 or 600).
#   rm       - remove such a file again.
#   install -D - the libvirt hook that restores port forwards at boot:
#              exactly /etc/libvirt/hooks/qemu.d/voidvm-nftables, mode 755.
#   iptables - list FORWARD, and check/insert/delete exactly the rule shape a
#              port forward needs to pass libvirt's NAT firewall (LIBVIRT_FWI
#              rejects new connections into the network otherwise).
# install/rm/sysctl arguments are anchored regular expressions (sudo >=
# 1.9.10), because a sudoers `*` also matches spaces and slashes and would
# let `install ... /etc/cron.d/voidvm-x /etc/sudoers.d/` through. The source
# must be /dev/stdin: a path could name a root-only file (or a symlink to
# one) and copy it somewhere readable.
write_sudoers() {
	local tmp
	tmp=$(mktemp)
	cat >"$tmp" <<'EOF'
# VoidVM lab (written by scripts/lab/host-up.sh): root rights of the `voidvm`
# SSH user, no password. See write_sudoers() in host-up.sh for the reasons.
Defaults:voidvm !requiretty

Cmnd_Alias VOIDVM_NFT = /usr/sbin/nft
Cmnd_Alias VOIDVM_SYSCTL = /usr/sbin/sysctl ^(-q )?-w net\.ipv4\.(ip_forward|conf\.all\.route_localnet)=[01]( net\.ipv4\.(ip_forward|conf\.all\.route_localnet)=[01])?$
Cmnd_Alias VOIDVM_INSTALL = /usr/bin/install ^-m 0?644 /dev/stdin /etc/cron\.d/voidvm-[A-Za-z0-9_-]+$, \
                            /usr/bin/install ^-m 0?(600|644) /dev/stdin /etc/voidvm/[A-Za-z0-9_][A-Za-z0-9_.-]*$
Cmnd_Alias VOIDVM_RM = /usr/bin/rm ^(-f )?/etc/cron\.d/voidvm-[A-Za-z0-9_-]+$, \
                       /usr/bin/rm ^(-f )?/etc/voidvm/[A-Za-z0-9_][A-Za-z0-9_.-]*$
Cmnd_Alias VOIDVM_HOOK = /usr/bin/install ^-D -m 0?755 /dev/stdin /etc/libvirt/hooks/qemu\.d/voidvm-nftables$
Cmnd_Alias VOIDVM_IPTABLES = /usr/sbin/iptables ^-w -S FORWARD$, \
                             /usr/sbin/iptables ^-w -[CDI] FORWARD( 1)? -d [0-9.]+/32 -p (tcp|udp) -m (tcp|udp) --dport [0-9]+(:[0-9]+)? -m conntrack --ctstate NEW -m comment --comment voidvm:pf-[0-9a-f]{12} -j ACCEPT$

voidvm ALL=(root) NOPASSWD: VOIDVM_NFT, VOIDVM_SYSCTL, VOIDVM_INSTALL, VOIDVM_RM, VOIDVM_HOOK, VOIDVM_IPTABLES
EOF
	visudo -cqf "$tmp" || {
		rm -f "$tmp"
		die "the generated sudoers rules do not validate"
	}
	if cmp -s "$tmp" "$SUDOERS"; then
		log "sudoers: $SUDOERS up to date"
		rm -f "$tmp"
	else
		log "sudoers: writing $SUDOERS"
		install -m 440 -o root -g root "$tmp" "$SUDOERS"
		rm -f "$tmp"
	fi
	# Target directory of `sudo install ... /etc/voidvm/NAME`.
	install -d -m 755 -o root -g root /etc/voidvm
}

# The Monitoring resource's host collector runs as root: the lab user may run
# exactly `/bin/sh /etc/voidvm/collector.sh ensure|restart|stop|purge
# /etc/voidvm/monitoring.conf` (a script the same user installs in /etc/voidvm,
# as it may install cron files: no new power). A file of its own, so that
# rewriting the main rules leaves it alone.
write_collector_sudoers() {
	local tmp file=/etc/sudoers.d/voidvm-collector
	tmp=$(mktemp)
	cat >"$tmp" <<'EOF'
# VoidVM lab (written by scripts/lab/host-up.sh): the host collector of the
# Monitoring resource, run as root by the `voidvm` SSH user.
voidvm ALL=(root) NOPASSWD: /bin/sh ^/etc/voidvm/collector\.sh (ensure|restart|stop|purge) /etc/voidvm/monitoring\.conf$
EOF
	visudo -cqf "$tmp" || {
		rm -f "$tmp"
		die "the generated collector sudoers rule does not validate"
	}
	if cmp -s "$tmp" "$file"; then
		rm -f "$tmp"
	else
		log "sudoers: writing $file"
		install -m 440 -o root -g root "$tmp" "$file"
		rm -f "$tmp"
	fi
}

# ------------------------------------------------------------ the lab sshd

sshd_running() {
	local pid
	pid=$(cat "$SSHD_PID" 2>/dev/null) || return 1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && grep -q sshd "/proc/$pid/cmdline" 2>/dev/null
}

stop_sshd() {
	local pid
	sshd_running || return 0
	pid=$(cat "$SSHD_PID")
	kill "$pid"
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	die "lab sshd (pid $pid) did not stop"
}

# Its own sshd, config and host key, so the machine's own sshd (if any) is
# not touched. UsePAM no: nothing to set up for PAM and faster logins.
# MaxStartups is raised because test suites open many connections at once
# (the default starts dropping them after 10 unauthenticated ones).
write_sshd_config() {
	local tmp
	install -d -m 755 "$LAB_ETC"
	if [[ ! -f $SSHD_HOST_KEY ]]; then
		log "sshd: generating host key $SSHD_HOST_KEY"
		ssh-keygen -q -t ed25519 -N '' -C voidvm-lab-host -f "$SSHD_HOST_KEY"
	fi
	tmp=$(mktemp)
	cat >"$tmp" <<EOF
# VoidVM lab sshd (written by scripts/lab/host-up.sh; started by hand,
# not by the system's sshd service). Only the lab user, keys only.
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSHD_HOST_KEY
PidFile $SSHD_PID
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PermitRootLogin no
AllowUsers $LAB_USER
MaxSessions 10
MaxStartups 100:30:200
LoginGraceTime 30
AllowTcpForwarding local
X11Forwarding no
PrintMotd no
PrintLastLog no
Subsystem sftp internal-sftp
EOF
	if cmp -s "$tmp" "$SSHD_CONFIG"; then
		rm -f "$tmp"
		return 1
	fi
	install -m 644 "$tmp" "$SSHD_CONFIG"
	rm -f "$tmp"
	log "sshd: wrote $SSHD_CONFIG (port $SSH_PORT)"
	return 0
}

start_sshd() {
	local config_changed=$1
	mkdir -p /run/sshd # privilege separation directory sshd insists on
	/usr/sbin/sshd -t -f "$SSHD_CONFIG" || die "sshd rejects $SSHD_CONFIG"
	if sshd_running && ((config_changed)); then
		log "sshd: restarting for the new config"
		stop_sshd
	fi
	if sshd_running; then
		log "sshd: running (pid $(cat "$SSHD_PID"), port $SSH_PORT)"
		return
	fi
	# sshd re-executes itself, so it must be started by absolute path.
	/usr/sbin/sshd -f "$SSHD_CONFIG"
	for _ in $(seq 1 50); do
		sshd_running && break
		sleep 0.1
	done
	sshd_running || die "lab sshd did not start (see $SSHD_CONFIG)"
	log "sshd: started (pid $(cat "$SSHD_PID"), 127.0.0.1:$SSH_PORT)"
}

host_key_fingerprint() {
	ssh-keygen -lf "$SSHD_HOST_KEY.pub" | awk '{ print $2 }'
}

# ------------------------------------------------------------- host.json

json_string() {
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

# `"images": {...}` for host.json (empty when VOIDVM_IMAGES=skip).
images_json() {
	[[ -n $DEBIAN12_IMAGE ]] || return 0
	printf ',\n  "images": {\n    "debian12": { "path": %s, "format": "qcow2" }\n  }' "$(json_string "$DEBIAN12_IMAGE")"
}

second_host_json() {
	[[ ${VOIDVM_SECOND_HOST:-up} == skip ]] || lab2_host_json
}

write_host_json() {
	local out="$STATE_DIR/host.json" tmp
	tmp=$(mktemp "$STATE_DIR/host.json.XXXXXX")
	cat >"$tmp" <<EOF
{
  "host": "127.0.0.1",
  "port": $SSH_PORT,
  "user": $(json_string "$LAB_USER"),
  "privateKeyPath": $(json_string "$STATE_DIR/id_ed25519"),
  "hostKey": $(json_string "$(host_key_fingerprint)"),
  "uri": $(json_string "$LIBVIRT_URI"),
  "pool": $(json_string "$POOL_NAME"),
  "network": $(json_string "$NETWORK"),
  "guest": {
    "kernel": $(json_string "$GUEST_DIR/vmlinuz"),
    "initrd": $(json_string "$GUEST_DIR/initrd.gz")
  }$(images_json)$(second_host_json)
}
EOF
	chmod 600 "$tmp"
	mv -f "$tmp" "$out"
	log "wrote $out"
}

# -------------------------------------------------------------- checking

# Log in exactly as the provider will: key only, host key pinned.
verify_ssh() {
	local known out
	known=$(mktemp)
	echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$SSHD_HOST_KEY.pub")" >"$known"
	if ! out=$(ssh -i "$STATE_DIR/id_ed25519" -p "$SSH_PORT" \
		-o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known" \
		-o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=10 \
		"$LAB_USER@127.0.0.1" \
		"virsh -c $LIBVIRT_URI list --all >/dev/null && sudo -n /usr/sbin/nft list tables >/dev/null && echo ok" 2>&1); then
		rm -f "$known"
		die "ssh check failed: $out"
	fi
	rm -f "$known"
	[[ $out == ok ]] || die "ssh check printed: $out"
	log "verified: ssh $LAB_USER@127.0.0.1:$SSH_PORT runs virsh and sudo nft"
}

main() {
	[[ $(id -u) == 0 ]] || die "run as root"
	local conf_changed=0 sshd_changed=0
	install_packages
	# Headless Chromium: `voidvm report --png` renders its page with it, and tests screenshot pages.
	command -v chromium >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >&2
	configure_libvirtd && conf_changed=1
	start_libvirt "$conf_changed"
	ensure_network
	ensure_pool
	ensure_console_dir
	ensure_owners_dir
	start_cron
	set_sysctls
	ensure_user
	ensure_keys
	write_sudoers
	write_collector_sudoers
	write_sshd_config && sshd_changed=1
	start_sshd "$sshd_changed"
	if [[ ${VOIDVM_SECOND_HOST:-up} == skip ]]; then
		log "second host: skipped (VOIDVM_SECOND_HOST=skip)"
	else
		lab2_up
	fi
	# The real Debian 12 cloud image (BIOS + extlinux, cloud-init NoCloud):
	# built once (~5-10 min), then cached; prints the installed path.
	# VOIDVM_IMAGES=skip leaves it out (the image tests then fail, loudly).
	DEBIAN12_IMAGE=""
	if [[ ${VOIDVM_IMAGES:-build} == skip ]]; then
		log "images: skipped (VOIDVM_IMAGES=skip)"
	else
		DEBIAN12_IMAGE=$("$SCRIPT_DIR/build-debian-image.sh")
		log "images: debian12 at $DEBIAN12_IMAGE"
	fi
	write_host_json
	VOIDVM_GUEST_DIR=$GUEST_DIR "$SCRIPT_DIR/build-guest.sh"
	verify_ssh
	[[ ${VOIDVM_SECOND_HOST:-up} == skip ]] || lab2_verify
	log "lab host ready: $STATE_DIR/host.json"
}

main "$@"
