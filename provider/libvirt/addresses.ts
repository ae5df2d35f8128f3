import type { RemoteHost } from "../transport/remote-host";

export interface InterfaceAddress {
  mac: string;
  ip: string;
}

/**
 * IPv4 addresses of a running domain from the DHCP leases of its networks, waiting up to
 * `waitSeconds` for the first lease (one round trip: remote-scripts/domain-leases.sh).
 */
export async function leaseAddresses(host: RemoteHost, name: string, waitSeconds: number): Promise<InterfaceAddress[]> {
  const result = await host.runRemoteScript("domain-leases", [host.uri, name, String(waitSeconds)], { timeoutMs: (waitSeconds + 30) * 1000 });
  return (result.sections.get("leases") ?? "")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts): parts is [string, string] => parts.length === 2 && !!parts[0] && !!parts[1])
    .map(([mac, cidr]) => ({ mac: mac.toLowerCase(), ip: cidr.split("/")[0] ?? cidr }));
}
