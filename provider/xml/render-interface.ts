import type { InterfaceSpec } from "./domain-spec";
import { interfaceSourceNode } from "./interface-source";
import { buildXml, type XmlNode } from "./xml-builder";

/** One direction of a `<bandwidth>` limit, in libvirt's units: KiB/s for rates, KiB for burst. */
export interface BandwidthLimit {
  average: number;
  peak?: number;
  burst?: number;
}

export interface BandwidthSpec {
  inbound?: BandwidthLimit;
  outbound?: BandwidthLimit;
}

/**
 * A network interface that VoidVM attaches as a device of its own (the NetworkInterface
 * resource): more than a VM's inline interfaces, which only name type, source, model and MAC.
 */
export interface NicSpec extends InterfaceSpec {
  mac: string;
  /** 802.1Q tag: only on Open vSwitch (`virtualport` openvswitch). */
  vlan?: number;
  /** Add `<virtualport type='openvswitch'/>` (a bridge interface on an OVS bridge). */
  openvswitch?: boolean;
  bandwidth?: BandwidthSpec;
}

/** Pure: the `<interface>` device XML for attach-device, elements always in the same order. */
export function renderInterfaceXml(nic: NicSpec): string {
  return buildXml("interface", interfaceNode(nic));
}

/** What an `<interface>` element can say: a VM's inline interface, or all of a NicSpec. */
export type InterfaceElementSpec = InterfaceSpec & Partial<Pick<NicSpec, "vlan" | "openvswitch" | "bandwidth">>;

/** The one `<interface>` renderer: device XML here, and each interface inside a rendered domain. */
export function interfaceNode(nic: InterfaceElementSpec): XmlNode {
  return {
    $: { type: nic.type },
    mac: nic.mac ? { $: { address: nic.mac.toLowerCase() } } : undefined,
    source: interfaceSourceNode(nic.type, nic.source),
    virtualport: nic.openvswitch ? { $: { type: "openvswitch" } } : undefined,
    vlan: nic.vlan !== undefined ? { tag: { $: { id: String(nic.vlan) } } } : undefined,
    bandwidth: renderBandwidth(nic.bandwidth),
    model: { $: { type: nic.model } },
  };
}

function renderBandwidth(bandwidth: BandwidthSpec | undefined): XmlNode | undefined {
  if (!bandwidth || (!bandwidth.inbound && !bandwidth.outbound)) return undefined;
  return { inbound: limitNode(bandwidth.inbound), outbound: limitNode(bandwidth.outbound) };
}

function limitNode(limit: BandwidthLimit | undefined): XmlNode | undefined {
  if (!limit) return undefined;
  const attrs: Record<string, string> = { average: String(limit.average) };
  if (limit.peak !== undefined) attrs.peak = String(limit.peak);
  if (limit.burst !== undefined) attrs.burst = String(limit.burst);
  return { $: attrs };
}

/** A DHCP host reservation for `virsh net-update ... ip-dhcp-host`. */
export function renderDhcpHostXml(entry: { mac: string; ip: string }): string {
  return buildXml("host", { $: { mac: entry.mac.toLowerCase(), ip: entry.ip } }).trim();
}
