import { attr, child, children, parseDocument, text } from "./xml-nodes";

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
  const network = await parseDocument(xml, "network");
  const forward = child(network, "forward");
  const info: NetworkInfo = {
    name: text(child(network, "name")),
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
            .map((h) => JSON.parse(JSON.stringify({ mac: attr(h, "mac")?.toLowerCase(), ip: attr(h, "ip"), name: attr(h, "name") })) as { mac?: string; ip: string; name?: string }),
        };
      }),
  };
  return JSON.parse(JSON.stringify(info)) as NetworkInfo;
}

function netmaskToPrefix(mask: string): number {
  return mask
    .split(".")
    .map((octet) => Number(octet).toString(2).replace(/0/g, "").length)
    .reduce((a, b) => a + b, 0);
}
