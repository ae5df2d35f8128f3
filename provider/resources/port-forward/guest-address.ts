import { networkLeases, readNetwork, reservationOf, waitForLease } from "../../libvirt/dhcp-reservations";
import { isActive, observeState } from "../../libvirt/domain-state";
import { readDomainInterfaces } from "../../libvirt/interfaces";
import { virsh } from "../../libvirt/virsh";
import type { RemoteHost } from "../../transport/remote-host";

export interface GuestAddress {
  ip?: string;
  /** Why there is no address, in the user's terms. */
  reason?: string;
}

/**
 * Where the forward should send to now: `guestIp` when given; else the address of the chosen NIC
 * (by `mac`, or the VM's first interface): its DHCP reservation, else its current lease on the
 * libvirt network (waiting up to `waitSeconds` while the VM runs), else (bridge) the host's ARP
 * table. Read on every apply and refresh, so the forward follows the guest.
 */
export async function resolveGuestAddress(host: RemoteHost, forward: { vm: string; mac?: string; guestIp?: string }, waitSeconds: number): Promise<GuestAddress> {
  if (forward.guestIp) return { ip: forward.guestIp };
  const state = await observeState(host, forward.vm);
  if (state === "absent") return { reason: `VM "${forward.vm}" does not exist on ${host.label}` };
  const running = isActive(state);
  const { live, config } = await readDomainInterfaces(host, forward.vm, running);
  const candidates = running ? [...live, ...config] : config;
  const nic = forward.mac ? candidates.find((n) => n.mac === forward.mac) : candidates.find((n) => n.type === "network" || n.type === "bridge");
  if (!nic) {
    return {
      reason: forward.mac
        ? `VM "${forward.vm}" has no interface with MAC ${forward.mac}`
        : `VM "${forward.vm}" has no network or bridge interface to forward to`,
    };
  }
  if (nic.type === "network" && nic.source) {
    const network = await readNetwork(host, nic.source);
    const reserved = network ? reservationOf(network, nic.mac)?.ip : undefined;
    if (reserved) return { ip: reserved };
    const leased = (await networkLeases(host, nic.source, nic.mac))[0]?.ip;
    if (leased) return { ip: leased };
    if (running && waitSeconds > 0) {
      const waited = await waitForLease(host, nic.source, nic.mac, waitSeconds);
      if (waited) return { ip: waited };
    }
    return {
      reason: `interface ${nic.mac} of VM "${forward.vm}" has no DHCP lease or reservation on libvirt network "${nic.source}"${running ? "" : " (the VM is not running)"}`,
    };
  }
  if (nic.type === "bridge" && running) {
    const arp = await virsh(host, ["domifaddr", "--source", "arp", "--", forward.vm], { allowFailure: true });
    for (const line of arp.stdout.split("\n")) {
      const parts = line.trim().split(/\s+/);
      if (parts[1]?.toLowerCase() === nic.mac && parts[2] === "ipv4") return { ip: (parts[3] ?? "").split("/")[0] };
    }
  }
  return { reason: `VoidVM cannot find the address of interface ${nic.mac} (${nic.type}) of VM "${forward.vm}"` };
}

export function noAddressMessage(vm: string, reason: string | undefined): string {
  return (
    `The port forward has no guest address to send to: ${reason ?? "unknown"}. ` +
    `Start the VM (its address comes from DHCP), give guestIp, or reserve an address with a NetworkInterface's fixedIpAddress. Nothing was changed on the host for VM "${vm}".`
  );
}
