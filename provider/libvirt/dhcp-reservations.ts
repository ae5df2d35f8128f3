import type { RemoteHost } from "../transport/remote-host";
import { parseNetworkXml, type NetworkInfo } from "../xml/parse-network";
import { renderDhcpHostXml } from "../xml/render-interface";
import { markOwner, whoseObject } from "./owner-marks";
import { virsh } from "./virsh";

/**
 * Fixed IPv4 addresses on libvirt-managed networks: DHCP host reservations (`<host mac ip/>` in
 * the network's `<dhcp>`), changed with `virsh net-update` both live and in the definition, each
 * with its owner mark in the host's owner registry (remote-scripts/lib/owner-mark.sh).
 */

export interface NetworkState extends NetworkInfo {
  active: boolean;
  persistent: boolean;
  /** The owner marks of the network's DHCP host entries, by lower-case MAC. */
  owners: ReadonlyMap<string, string>;
}

/**
 * The network's definition, state and entry owners in one round trip
 * (remote-scripts/network-read.sh), or undefined when there is no such network.
 */
export async function readNetwork(host: RemoteHost, network: string): Promise<NetworkState | undefined> {
  const result = await host.runRemoteScript("network-read", [host.uri, network], { allowFailure: true });
  if (result.sections.has("absent")) return undefined;
  if (result.failedStep !== undefined || result.exitCode !== 0) {
    throw new Error(`Could not read libvirt network "${network}" on ${host.label}: ${result.stderr.trim()}`);
  }
  const info = result.sections.get("info") ?? "";
  return {
    ...(await parseNetworkXml(result.sections.get("xml") ?? "")),
    active: /^Active:\s+yes/m.test(info),
    persistent: /^Persistent:\s+yes/m.test(info),
    owners: parseOwners(result.sections.get("owners") ?? ""),
  };
}

/** Pure: network-read.sh's `owners` section ("MAC OWNER" lines) by lower-case MAC. */
export function parseOwners(text: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0 && line.slice(space + 1).trim()) owners.set(line.slice(0, space).toLowerCase(), line.slice(space + 1).trim());
  }
  return owners;
}

export interface Lease {
  mac: string;
  ip: string;
  expiry: string;
}

/** Current DHCP leases of a libvirt network, optionally only those of one MAC (newest first). */
export async function networkLeases(host: RemoteHost, network: string, mac?: string): Promise<Lease[]> {
  const args = ["net-dhcp-leases", "--", network];
  if (mac) args.splice(1, 0, "--mac", mac.toLowerCase());
  const result = await virsh(host, args, { allowFailure: true });
  if (result.exitCode !== 0) return [];
  return parseLeases(result.stdout).sort((a, b) => b.expiry.localeCompare(a.expiry));
}

/** `virsh -q net-dhcp-leases` lines: date time mac protocol ip/prefix hostname client-id. */
export function parseLeases(text: string): Lease[] {
  const leases: Lease[] = [];
  for (const line of text.split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 5 || parts[3] !== "ipv4") continue;
    leases.push({ expiry: `${parts[0]} ${parts[1]}`, mac: (parts[2] ?? "").toLowerCase(), ip: (parts[4] ?? "").split("/")[0] ?? "" });
  }
  return leases;
}

/** The reservation of a MAC on the network, if any. */
export function reservationOf(network: NetworkInfo, mac: string): { ip: string } | undefined {
  for (const subnet of network.ipv4) {
    const host = subnet.hosts.find((h) => h.mac === mac.toLowerCase());
    if (host) return { ip: host.ip };
  }
  return undefined;
}

/**
 * Why `ip` cannot be reserved for `mac` on this network (undefined when it can). Pure, so the
 * reasons are the same in every path and tested without a host.
 */
export function reservationProblem(network: NetworkState, mac: string, ip: string, leases: Lease[]): string | undefined {
  const subnet = network.ipv4.find((s) => sameSubnet(s.address, ip, s.prefix));
  if (!subnet) {
    const subnets = network.ipv4.map((s) => `${networkAddress(s.address, s.prefix)}/${s.prefix}`).join(", ") || "none";
    return `${ip} is not in an IPv4 subnet of libvirt network "${network.name}" (its subnets: ${subnets}). Choose an address inside the network.`;
  }
  if (!subnet.dhcp) {
    return `libvirt network "${network.name}" does not run DHCP on ${networkAddress(subnet.address, subnet.prefix)}/${subnet.prefix}, so it cannot hand out a fixed address. Configure the address inside the guest instead.`;
  }
  const bits = 32 - subnet.prefix;
  const offset = toInt(ip) - toInt(networkAddress(subnet.address, subnet.prefix));
  if (offset === 0 || (bits > 1 && offset === 2 ** bits - 1)) {
    return `${ip} is the network or broadcast address of ${networkAddress(subnet.address, subnet.prefix)}/${subnet.prefix}. Choose a host address.`;
  }
  if (ip === subnet.address) return `${ip} is the host's own address on libvirt network "${network.name}". Choose another address.`;
  const taken = subnet.hosts.find((h) => h.ip === ip && h.mac !== mac.toLowerCase());
  if (taken) {
    const owner = taken.mac ? network.owners.get(taken.mac) : undefined;
    return (
      `${ip} is already reserved on libvirt network "${network.name}" for MAC ${taken.mac ?? "(none)"}${taken.name ? ` (${taken.name})` : ""}. ` +
      `${whoseObject(owner)} Choose another address, or remove that reservation.`
    );
  }
  const leased = leases.find((l) => l.ip === ip && l.mac !== mac.toLowerCase());
  if (leased) {
    return `${ip} is currently leased on libvirt network "${network.name}" to MAC ${leased.mac} (until ${leased.expiry}). Choose an address that is not in use.`;
  }
  return undefined;
}

/**
 * The reservation of `mac` that stands in the way of this owner's: one marked as another owner's,
 * or unmarked (undefined when there is none, or it is this owner's own leftover).
 */
export function foreignReservation(network: NetworkState, mac: string, owner: string | undefined): { ip: string; owner?: string } | undefined {
  const existing = reservationOf(network, mac);
  if (!existing) return undefined;
  const marked = network.owners.get(mac.toLowerCase());
  return owner !== undefined && marked === owner ? undefined : { ip: existing.ip, owner: marked };
}

/** Reserves `ip` for `mac`, marked as `owner`'s first. */
export async function addReservation(host: RemoteHost, network: NetworkState, mac: string, ip: string, owner: string | undefined): Promise<void> {
  await netUpdate(host, network, "add-last", { mac, ip }, owner, `reserve ${ip} for ${mac}`);
}

export async function modifyReservation(host: RemoteHost, network: NetworkState, mac: string, ip: string, owner: string | undefined): Promise<void> {
  await netUpdate(host, network, "modify", { mac, ip }, owner, `change the reservation of ${mac} to ${ip}`);
}

/** Removes the reservation of `mac` (if it is still there), and its mark. */
export async function removeReservation(host: RemoteHost, network: NetworkState, mac: string): Promise<void> {
  const current = reservationOf(network, mac);
  if (!current) return;
  await netUpdate(host, network, "delete", { mac, ip: current.ip }, undefined, `remove the reservation of ${mac}`);
}

/** One `net-update` and the entry's owner mark, in one round trip (remote-scripts/dhcp-host.sh). */
async function netUpdate(
  host: RemoteHost,
  network: NetworkState,
  command: "add-last" | "modify" | "delete",
  entry: { mac: string; ip: string },
  owner: string | undefined,
  what: string,
): Promise<void> {
  const scope: string[] = [];
  if (network.active) scope.push("--live");
  if (network.persistent) scope.push("--config");
  const args = [host.uri, network.name, command, entry.mac.toLowerCase(), renderDhcpHostXml(entry), markOwner(owner), ...scope];
  const result = await host.runRemoteScript("dhcp-host", args, { allowFailure: true });
  if (result.failedStep !== undefined || result.exitCode !== 0) {
    throw new Error(`libvirt on ${host.label} could not ${what} on network "${network.name}": ${result.stderr.trim()}`);
  }
}

export function isIpv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function toInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function fromInt(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function networkAddress(ip: string, prefix: number): string {
  const size = 2 ** (32 - prefix);
  return fromInt(Math.floor(toInt(ip) / size) * size);
}

export function sameSubnet(a: string, b: string, prefix: number): boolean {
  return networkAddress(a, prefix) === networkAddress(b, prefix);
}

/**
 * The IPv4 address leased to `mac` on the network (the newest lease), waiting up to `waitSeconds`
 * for it; one round trip: remote-scripts/mac-lease.sh.
 */
export async function waitForLease(host: RemoteHost, network: string, mac: string, waitSeconds: number): Promise<string | undefined> {
  const result = await host.runRemoteScript("mac-lease", [host.uri, network, mac.toLowerCase(), String(waitSeconds)], { timeoutMs: (waitSeconds + 30) * 1000 });
  const ip = (result.sections.get("lease") ?? "").trim();
  return isIpv4(ip) ? ip : undefined;
}
