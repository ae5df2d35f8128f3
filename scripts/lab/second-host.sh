#!/usr/bin/env bash
# The lab's second libvirt host, on the same machine (sourced by host-up.sh, host-down.sh and
# leftovers.sh; `bash second-host.sh down|leftovers|sshd-stop|sshd-start|enter CMD...` runs one
# part by hand).
#
# It behaves as a separate host: its own libvirtd (and virtlogd), with its own socket, domains,
# storage pool and NAT network, reached over its own sshd on 127.0.0.1:2223 with its own host key.
# How: a persistent private mount namespace (a file under /run/voidvm-lab2, kept by a bind
# mount) in which /run/libvirt, /etc/libvirt, /var/lib/libvirt, /var/log/libvirt and
# /var/cache/libvirt are bind mounts of folders of its own. Its libvirtd, virtlogd and sshd run in
# that namespace, so every SSH session of the second sshd sees the second libvirtd at
# qemu:///system, exactly as on another machine. Everything else is shared with the first host:
# the network namespace (the second network is bridge vvlab2br0, 192.168.124.0/24, so the two do
# not clash; libvirt's iptables chains hold both networks' rules, each daemon touching only its
# own), nftables (port forwards of both hosts live in table `ip voidvm`), /etc/voidvm, the lab
# user and its key, and the test guest under /var/lib/voidvm/guest.
#
# Nothing here stops or restarts the first host's daemons: they are told apart by mount
# namespace and pid file, never by process name alone.

LAB2_DIR=/run/voidvm-lab2        # private bind mount of itself: holds the namespace file
LAB2_NS=$LAB2_DIR/mnt
LAB2_STATE=/var/lib/voidvm/second # the second host's own /etc/libvirt, /var/lib/libvirt, ...
LAB2_POOL_DIR=/var/lib/voidvm/pool-second
LAB2_SSH_PORT=${VOIDVM_SECOND_SSH_PORT:-2223}
LAB2_SSHD_CONFIG=/etc/voidvm-lab/sshd_config_second
LAB2_SSHD_HOST_KEY=/etc/voidvm-lab/ssh_host_ed25519_key_second
LAB2_SSHD_PID=/run/voidvm-lab-sshd-second.pid
LAB2_LIBVIRTD_PID=$LAB2_DIR/libvirtd.pid
LAB2_VIRTLOGD_PID=$LAB2_DIR/virtlogd.pid
LAB2_POOL=voidvm
LAB2_NETWORK=default
LAB2_BRIDGE=vvlab2br0
LAB2_SUBNET_PREFIX=192.168.124
LAB2_URI=qemu:///system
LAB2_USER=${LAB_USER:-voidvm}
LAB2_DOMAIN_REGEX='^(voidvm-test-|vvt-)'

lab2_log() { echo "[second-host] $*" >&2; }
lab2_die() {
	lab2_log "ERROR: $*"
	exit 1
}

# The folders bind-mounted in the namespace: "TARGET SOURCE" per line.
lab2_binds() {
	cat <<EOF
/run/libvirt $LAB2_DIR/run-libvirt
/etc/libvirt $LAB2_STATE/etc-libvirt
/var/lib/libvirt $LAB2_STATE/lib-libvirt
/var/log/libvirt $LAB2_STATE/log-libvirt
/var/cache/libvirt $LAB2_STATE/cache-libvirt
EOF
}

lab2_ns_exists() {
	[[ $(findmnt -n -o FSTYPE "$LAB2_NS" 2>/dev/null | tail -n1) == nsfs ]]
}

# lab2 CMD...: run CMD in the second host's mount namespace.
lab2() {
	nsenter --mount="$LAB2_NS" -- "$@"
}

lab2_virsh() {
	lab2 virsh -q -c "$LAB2_URI" "$@"
}

# ------------------------------------------------------------ namespace

# The second host's /etc/libvirt starts as a copy of the first's settings (libvirtd.conf with the
# socket group, qemu.conf) without any of its domains, networks, pools, hooks or secrets.
lab2_seed_state() {
	[[ -d $LAB2_STATE/etc-libvirt ]] && return 0
	lab2_log "state: seeding $LAB2_STATE from this machine's libvirt settings"
	install -d -m 755 "$LAB2_STATE"
	local tmp=$LAB2_STATE/etc-libvirt.tmp
	rm -rf "$tmp"
	cp -a /etc/libvirt "$tmp"
	rm -rf "$tmp/hooks" "$tmp/secrets"/* "$tmp/storage" "$tmp/qemu"
	install -d -m 755 "$tmp/storage/autostart" "$tmp/qemu/networks/autostart" "$tmp/qemu/autostart"
	install -d -m 700 "$tmp/secrets"
	mv "$tmp" "$LAB2_STATE/etc-libvirt"
	install -d -m 755 "$LAB2_STATE/lib-libvirt" "$LAB2_STATE/lib-libvirt/dnsmasq" "$LAB2_STATE/log-libvirt" "$LAB2_STATE/log-libvirt/qemu"
	install -d -m 711 "$LAB2_STATE/cache-libvirt" "$LAB2_STATE/lib-libvirt/images" "$LAB2_STATE/lib-libvirt/boot"
	install -d -m 750 -o libvirt-qemu -g libvirt-qemu "$LAB2_STATE/lib-libvirt/qemu"
}

lab2_ensure_namespace() {
	install -d -m 755 "$LAB2_DIR"
	# A namespace file must sit on a private mount, or binding it would loop back into itself.
	if ! findmnt -n "$LAB2_DIR" >/dev/null 2>&1; then
		mount --bind "$LAB2_DIR" "$LAB2_DIR"
		mount --make-private "$LAB2_DIR"
	fi
	install -d -m 755 "$LAB2_DIR/run-libvirt"
	if ! lab2_ns_exists; then
		lab2_log "namespace: creating $LAB2_NS"
		touch "$LAB2_NS"
		unshare --mount="$LAB2_NS" --propagation private true
	fi
	local target source
	while read -r target source; do
		if [[ $(lab2 findmnt -n -o TARGET "$target" 2>/dev/null | tail -n1) != "$target" ]]; then
			lab2 mount --bind "$source" "$target"
			lab2_log "namespace: $target is $source"
		fi
	done < <(lab2_binds)
}

# ------------------------------------------------------------- daemons

# lab2_pid_alive PIDFILE NAME: the pid in PIDFILE, if that process runs NAME in our namespace.
lab2_pid_alive() {
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
	[[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]] || return 1
	[[ $(readlink "/proc/$pid/ns/mnt") == "$(lab2 readlink /proc/self/ns/mnt)" ]] || return 1
	echo "$pid"
}

lab2_start_daemons() {
	if lab2_pid_alive "$LAB2_VIRTLOGD_PID" virtlogd >/dev/null; then
		lab2_log "virtlogd: running"
	else
		lab2_log "virtlogd: starting"
		lab2 virtlogd -d -p "$LAB2_VIRTLOGD_PID"
	fi
	if lab2_pid_alive "$LAB2_LIBVIRTD_PID" libvirtd >/dev/null; then
		lab2_log "libvirtd: running (pid $(cat "$LAB2_LIBVIRTD_PID"))"
	else
		lab2_log "libvirtd: starting"
		lab2 "$SCRIPT_DIR/start-libvirtd.sh" -p "$LAB2_LIBVIRTD_PID"
	fi
	for _ in $(seq 1 60); do
		lab2 virsh -c "$LAB2_URI" version >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	lab2_die "the second libvirtd does not answer after 30 s (log: $LAB2_STATE/log-libvirt/libvirtd.log)"
}

lab2_field() {
	lab2_virsh "$1" "$2" | awk -F': *' -v f="$3" '$1 == f { print $2 }'
}

lab2_ensure_network() {
	if ! lab2_virsh net-info "$LAB2_NETWORK" >/dev/null 2>&1; then
		lab2_log "network $LAB2_NETWORK: defining (bridge $LAB2_BRIDGE, $LAB2_SUBNET_PREFIX.0/24)"
		lab2_virsh net-define /dev/stdin >/dev/null <<EOF
<network>
  <name>$LAB2_NETWORK</name>
  <forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>
  <bridge name='$LAB2_BRIDGE' stp='on' delay='0'/>
  <ip address='$LAB2_SUBNET_PREFIX.1' netmask='255.255.255.0'>
    <dhcp><range start='$LAB2_SUBNET_PREFIX.2' end='$LAB2_SUBNET_PREFIX.254'/></dhcp>
  </ip>
</network>
EOF
	fi
	[[ $(lab2_field net-info "$LAB2_NETWORK" Active) == yes ]] || lab2_virsh net-start "$LAB2_NETWORK" >/dev/null
	[[ $(lab2_field net-info "$LAB2_NETWORK" Autostart) == yes ]] || lab2_virsh net-autostart "$LAB2_NETWORK" >/dev/null
	lab2_log "network $LAB2_NETWORK: active ($LAB2_BRIDGE)"
}

lab2_ensure_pool() {
	install -d -m 2775 -o root -g libvirt "$LAB2_POOL_DIR"
	chmod 2775 "$LAB2_POOL_DIR"
	if ! lab2_virsh pool-info "$LAB2_POOL" >/dev/null 2>&1; then
		lab2_log "pool $LAB2_POOL: defining at $LAB2_POOL_DIR"
		lab2_virsh pool-define-as "$LAB2_POOL" dir --target "$LAB2_POOL_DIR" >/dev/null
	fi
	[[ $(lab2_field pool-info "$LAB2_POOL" State) == running ]] || lab2_virsh pool-start "$LAB2_POOL" >/dev/null
	[[ $(lab2_field pool-info "$LAB2_POOL" Autostart) == yes ]] || lab2_virsh pool-autostart "$LAB2_POOL" >/dev/null
	chmod 2775 "$LAB2_POOL_DIR"
	lab2_log "pool $LAB2_POOL: running at $LAB2_POOL_DIR"
}

# ----------------------------------------------------------------- sshd

# The first host's sshd config with another port, host key and pid file.
lab2_write_sshd_config() {
	local tmp
	[[ -f $LAB2_SSHD_HOST_KEY ]] || ssh-keygen -q -t ed25519 -N '' -C voidvm-lab-second-host -f "$LAB2_SSHD_HOST_KEY"
	tmp=$(mktemp)
	sed -e "s|^Port .*|Port $LAB2_SSH_PORT|" -e "s|^HostKey .*|HostKey $LAB2_SSHD_HOST_KEY|" -e "s|^PidFile .*|PidFile $LAB2_SSHD_PID|" \
		-e "s|^# VoidVM lab sshd|# VoidVM lab sshd of the second host|" "$SSHD_CONFIG" >"$tmp"
	if cmp -s "$tmp" "$LAB2_SSHD_CONFIG"; then
		rm -f "$tmp"
		return 1
	fi
	install -m 644 "$tmp" "$LAB2_SSHD_CONFIG"
	rm -f "$tmp"
	lab2_log "sshd: wrote $LAB2_SSHD_CONFIG (port $LAB2_SSH_PORT)"
}

lab2_sshd_pid() {
	local pid
	pid=$(cat "$LAB2_SSHD_PID" 2>/dev/null) || return 1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && grep -q sshd "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

lab2_stop_sshd() {
	local pid
	pid=$(lab2_sshd_pid) || return 0
	kill "$pid"
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	lab2_die "the second host's sshd (pid $pid) did not stop"
}

lab2_start_sshd() {
	local changed=$1
	/usr/sbin/sshd -t -f "$LAB2_SSHD_CONFIG" || lab2_die "sshd rejects $LAB2_SSHD_CONFIG"
	((changed)) && lab2_stop_sshd
	if lab2_sshd_pid >/dev/null; then
		lab2_log "sshd: running (pid $(lab2_sshd_pid), port $LAB2_SSH_PORT)"
		return
	fi
	lab2 /usr/sbin/sshd -f "$LAB2_SSHD_CONFIG"
	for _ in $(seq 1 50); do
		lab2_sshd_pid >/dev/null && break
		sleep 0.1
	done
	lab2_sshd_pid >/dev/null || lab2_die "the second host's sshd did not start (see $LAB2_SSHD_CONFIG)"
	lab2_log "sshd: started (pid $(lab2_sshd_pid), 127.0.0.1:$LAB2_SSH_PORT)"
}

lab2_host_key_fingerprint() {
	ssh-keygen -lf "$LAB2_SSHD_HOST_KEY.pub" | awk '{ print $2 }'
}

# Log in as the provider will and check that the session sees the second libvirtd (its network's
# bridge), not the first.
lab2_verify() {
	local known out
	known=$(mktemp)
	echo "[127.0.0.1]:$LAB2_SSH_PORT $(cut -d' ' -f1,2 "$LAB2_SSHD_HOST_KEY.pub")" >"$known"
	if ! out=$(ssh -i "$STATE_DIR/id_ed25519" -p "$LAB2_SSH_PORT" \
		-o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known" \
		-o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=10 \
		"$LAB2_USER@127.0.0.1" "virsh -c $LAB2_URI net-info $LAB2_NETWORK" 2>&1); then
		rm -f "$known"
		lab2_die "ssh check of the second host failed: $out"
	fi
	rm -f "$known"
	[[ $out == *"$LAB2_BRIDGE"* ]] || lab2_die "ssh -p $LAB2_SSH_PORT reaches a libvirtd whose $LAB2_NETWORK network is not on $LAB2_BRIDGE: $out"
	lab2_log "verified: ssh $LAB2_USER@127.0.0.1:$LAB2_SSH_PORT sees the second libvirtd ($LAB2_BRIDGE)"
}

# The "second" member of host.json (written by host-up.sh's write_host_json).
lab2_host_json() {
	printf ',\n  "second": {\n    "host": "127.0.0.1",\n    "port": %s,\n    "hostKey": "%s",\n    "uri": "%s",\n    "pool": "%s",\n    "network": "%s",\n    "bridge": "%s"\n  }' \
		"$LAB2_SSH_PORT" "$(lab2_host_key_fingerprint)" "$LAB2_URI" "$LAB2_POOL" "$LAB2_NETWORK" "$LAB2_BRIDGE"
}

# Needs SSHD_CONFIG (the first host's, written first) and STATE_DIR from host-up.sh.
lab2_up() {
	local changed=0
	lab2_seed_state
	lab2_ensure_namespace
	lab2_start_daemons
	lab2_ensure_network
	lab2_ensure_pool
	lab2_write_sshd_config && changed=1
	lab2_start_sshd "$changed"
}

# ------------------------------------------------------ leftovers, down

# What tests could leave on the second host, each line starting "second host".
lab2_leftovers() {
	lab2_ns_exists || return 0
	lab2_virsh list --all --name 2>/dev/null | awk 'NF { print "second host domain: " $0 }'
	lab2_virsh vol-list --pool "$LAB2_POOL" 2>/dev/null | awk 'NF { print "second host volume: " $1 }'
}

# Removes test domains and every volume of the second host's pool, and stops its sshd; its
# libvirtd, network and pool stay, like the first host's.
lab2_down() {
	lab2_ns_exists || return 0
	if lab2 virsh -c "$LAB2_URI" version >/dev/null 2>&1; then
		local dom vol
		while read -r dom; do
			[[ -n $dom && $dom =~ $LAB2_DOMAIN_REGEX ]] || continue
			lab2_virsh destroy "$dom" >/dev/null 2>&1 || true
			lab2_virsh undefine "$dom" --managed-save --snapshots-metadata --nvram >/dev/null 2>&1 || lab2_virsh undefine "$dom" >/dev/null 2>&1 || true
			lab2_log "removed domain $dom"
		done < <(lab2_virsh list --all --name 2>/dev/null)
		while read -r vol _; do
			[[ -n $vol ]] || continue
			lab2_virsh vol-delete --pool "$LAB2_POOL" "$vol" >/dev/null 2>&1 && lab2_log "removed volume $vol"
		done < <(lab2_virsh vol-list --pool "$LAB2_POOL" 2>/dev/null)
	fi
	lab2_stop_sshd
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	case "${1:-}" in
	leftovers) lab2_leftovers ;;
	down) lab2_down ;;
	sshd-stop) lab2_stop_sshd ;; # tests: the second host becomes unreachable
	sshd-start) lab2_start_sshd 0 ;;
	enter)
		shift
		lab2 "$@"
		;;
	*)
		echo "usage: $0 leftovers|down|sshd-stop|sshd-start|enter CMD... (host-up.sh brings the second host up)" >&2
		exit 2
		;;
	esac
fi
