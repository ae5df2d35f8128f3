import { interfaceSource } from "./interface-source";
import { attr, child, children, parseDocument, type XmlElement } from "./xml-nodes";
import type { BandwidthLimit, BandwidthSpec, NicSpec } from "./render-interface";

type Node = XmlElement;

/** An interface as `virsh dumpxml` shows it: the NicSpec plus what only the host knows. */
export interface ObservedNic extends NicSpec {
  /** The host-side device (`vnet3`, `macvtap0`) while the domain runs. */
  targetDevice?: string;
}

/** The inverse of `renderInterfaceXml` over every `<interface>` of a domain document. */
export async function parseDomainInterfaces(domainXml: string): Promise<ObservedNic[]> {
  const devices = child(await parseDocument(domainXml, "domain"), "devices");
  return children(devices, "interface").map(parseNic);
}

/** Reads one `<interface>` element (the root of the document). */
export async function parseInterfaceXml(xml: string): Promise<ObservedNic> {
  return parseNic(await parseDocument(xml, "interface"));
}

/** The one `<interface>` parser, the inverse of `interfaceNode`; a missing MAC reads as "". */
export function parseNic(nic: Node): ObservedNic {
  const type = (attr(nic, "type") ?? "network") as NicSpec["type"];
  const tag = child(child(nic, "vlan"), "tag");
  const spec: ObservedNic = {
    type,
    source: interfaceSource(type, child(nic, "source")),
    model: (attr(child(nic, "model"), "type") ?? "virtio") as NicSpec["model"],
    mac: (attr(child(nic, "mac"), "address") ?? "").toLowerCase(),
    vlan: tag && attr(tag, "id") !== undefined ? Number(attr(tag, "id")) : undefined,
    openvswitch: attr(child(nic, "virtualport"), "type") === "openvswitch" ? true : undefined,
    bandwidth: parseBandwidth(child(nic, "bandwidth")),
    targetDevice: attr(child(nic, "target"), "dev"),
  };
  return JSON.parse(JSON.stringify(spec)) as ObservedNic;
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
