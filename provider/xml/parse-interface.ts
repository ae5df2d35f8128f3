import { stripUndefined } from "../values/strip-undefined";
import { attr, child, children, parseXml as parse, type XmlElement } from "./xml-nodes";
import type { BandwidthLimit, BandwidthSpec, NicSpec } from "./render-interface";

type Node = XmlElement;

/** An interface as `virsh dumpxml` shows it: the NicSpec plus what only the host knows. */
export interface ObservedNic extends NicSpec {
  /** The host-side device (`vnet3`, `macvtap0`) while the domain runs. */
  targetDevice?: string;
}

/** The inverse of `renderInterfaceXml` over every `<interface>` of a domain document. */
export async function parseDomainInterfaces(domainXml: string): Promise<ObservedNic[]> {
  const doc = (await parse(domainXml)) as { domain?: Node };
  const devices = child(doc.domain, "devices");
  return children(devices, "interface").map(parseNic);
}

/** Reads one `<interface>` element (the root of the document). */
export async function parseInterfaceXml(xml: string): Promise<ObservedNic> {
  const doc = (await parse(xml)) as { interface?: Node };
  if (!doc.interface) throw new Error("parseInterfaceXml: the document has no <interface> root");
  return parseNic(doc.interface);
}

function parseNic(nic: Node): ObservedNic {
  const type = (attr(nic, "type") ?? "network") as NicSpec["type"];
  const source = child(nic, "source");
  const sourceValue =
    type === "network" ? attr(source, "network") : type === "bridge" ? attr(source, "bridge") : type === "direct" ? attr(source, "dev") : undefined;
  const tag = child(child(nic, "vlan"), "tag");
  const spec: ObservedNic = {
    type,
    source: sourceValue,
    model: (attr(child(nic, "model"), "type") ?? "virtio") as NicSpec["model"],
    mac: (attr(child(nic, "mac"), "address") ?? "").toLowerCase(),
    vlan: tag && attr(tag, "id") !== undefined ? Number(attr(tag, "id")) : undefined,
    openvswitch: attr(child(nic, "virtualport"), "type") === "openvswitch" ? true : undefined,
    bandwidth: parseBandwidth(child(nic, "bandwidth")),
    targetDevice: attr(child(nic, "target"), "dev"),
  };
  return stripUndefined(spec);
}

function parseBandwidth(node: Node | undefined): BandwidthSpec | undefined {
  if (!node) return undefined;
  const inbound = parseLimit(child(node, "inbound"));
  const outbound = parseLimit(child(node, "outbound"));
  if (!inbound && !outbound) return undefined;
  return { inbound, outbound };
}

function parseLimit(node: Node | undefined): BandwidthLimit | undefined {
  const average = attr(node, "average");
  if (average === undefined) return undefined;
  const limit: BandwidthLimit = { average: Number(average) };
  if (attr(node, "peak") !== undefined) limit.peak = Number(attr(node, "peak"));
  if (attr(node, "burst") !== undefined) limit.burst = Number(attr(node, "burst"));
  return limit;
}

/** What VoidVM needs to know of a libvirt network (`virsh net-dumpxml`). */
export interface NetworkInfo {
  name: string;
  bridge?: string;
  /** `nat`, `route`, `open`, `bridge`, ...; absent for an isolated network. */
  forwardMode?: string;
  /** `openvswitch` when the network's bridge is an Open vSwitch bridge. */
  virtualport?: string;
  /** IPv4 subnets with DHCP: the address of the host on it, its prefix, and the reservations. */
  ipv4: Array<{ address: string; prefix: number; dhcp: boolean; hosts: Array<{ mac?: string; ip: string; name?: string }> }>;
}

export async function parseNetworkXml(xml: string): Promise<NetworkInfo> {
  const doc = (await parse(xml)) as { network?: Node };
  const network = doc.network;
  if (!network) throw new Error("parseNetworkXml: the document has no <network> root");
  const forward = child(network, "forward");
  const info: NetworkInfo = {
    name: child(network, "name")?._ ?? "",
    bridge: attr(child(network, "bridge"), "name"),
    forwardMode: forward ? (attr(forward, "mode") ?? "nat") : undefined,
    virtualport: attr(child(network, "virtualport"), "type"),
    ipv4: children(network, "ip")
      .filter((ip) => (attr(ip, "family") ?? "ipv4") === "ipv4" && attr(ip, "address") !== undefined)
      .map((ip) => {
        const dhcp = child(ip, "dhcp");
        return {
          address: attr(ip, "address") ?? "",
          prefix: attr(ip, "prefix") !== undefined ? Number(attr(ip, "prefix")) : netmaskToPrefix(attr(ip, "netmask") ?? "255.255.255.0"),
          dhcp: dhcp !== undefined,
          hosts: children(dhcp, "host")
            .filter((h) => attr(h, "ip") !== undefined)
            .map((h) => stripUndefined({ mac: attr(h, "mac")?.toLowerCase(), ip: attr(h, "ip") ?? "", name: attr(h, "name") })),
        };
      }),
  };
  return stripUndefined(info);
}

function netmaskToPrefix(mask: string): number {
  return mask
    .split(".")
    .map((octet) => Number(octet).toString(2).replace(/0/g, "").length)
    .reduce((a, b) => a + b, 0);
}




