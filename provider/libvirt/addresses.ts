import type { RemoteHost } from "../transport/remote-host";

/**
 * IPv4 addresses of a running domain from the DHCP leases of its networks, waiting up to
 * `waitSeconds` for the first lease (one round trip: the loop runs on the host).
 */
const LEASE_SCRIPT = `
uri=$1; name=$2; wait=$3
deadline=$(( $(date +%s) + wait ))
while :; do
  out=$(virsh -q -c "$uri" domifaddr --source lease -- "$name" 2>/dev/null | awk '$3 == "ipv4" { print $2, $4 }')
  if [ -n "$out" ] || [ "$(date +%s)" -ge "$deadline" ]; then printf '%s\\n' "$out"; exit 0; fi
  sleep 0.5
done
`;

export interface InterfaceAddress {
  mac: string;
  ip: string;
}

export async function leaseAddresses(host: RemoteHost, name: string, waitSeconds: number): Promise<InterfaceAddress[]> {
  const result = await host.runScript(LEASE_SCRIPT, [host.uri, name, String(waitSeconds)], { timeoutMs: (waitSeconds + 30) * 1000 });
  return result.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts): parts is [string, string] => parts.length === 2 && !!parts[0] && !!parts[1])
    .map(([mac, cidr]) => ({ mac: mac.toLowerCase(), ip: cidr.split("/")[0] ?? cidr }));
}
