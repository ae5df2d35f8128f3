#!/bin/sh
# Installed by VoidVM (PortForward resources). See /etc/voidvm/nftables.conf.
cat >/dev/null 2>&1
[ "$2" = prepare ] || exit 0
conf=/etc/voidvm/nftables.conf
[ -r "$conf" ] || exit 0
PATH=/usr/sbin:/usr/bin:/sbin:/bin
if ! nft list table ip voidvm >/dev/null 2>&1; then
  if grep -q '127\.0\.0\.0/8' "$conf"; then sysctl -q -w net.ipv4.conf.all.route_localnet=1 || true; fi
  nft -f "$conf" || logger -t voidvm "could not load $conf" 2>/dev/null || true
fi
if command -v iptables >/dev/null 2>&1 && iptables -w -S FORWARD 2>/dev/null | grep -q -- '-j LIBVIRT_FWI'; then
  set -f
  grep '^# iptables-opening: ' "$conf" | while IFS= read -r line; do
    spec=${line#"# iptables-opening: "}
    # shellcheck disable=SC2086 # the spec is a list of words
    iptables -w -C FORWARD $spec 2>/dev/null || iptables -w -I FORWARD 1 $spec || true
  done
fi
exit 0
