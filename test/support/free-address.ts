import { networkLeases, readNetwork } from "../../provider/libvirt/dhcp-reservations";
import { labHost, labSettings } from "./lab";

/** A host address of the lab network that nobody holds or leases now (for fixed reservations). */
export async function freeAddress(): Promise<string> {
  const host = labHost();
  const network = await readNetwork(host, labSettings().network);
  const taken = new Set([...(await networkLeases(host, labSettings().network)).map((l) => l.ip), ...(network?.ipv4.flatMap((s) => s.hosts.map((h) => h.ip)) ?? [])]);
  const base = network?.ipv4[0]?.address.split(".").slice(0, 3).join(".") ?? "192.168.122";
  for (let i = 0; i < 200; i++) {
    const ip = `${base}.${200 + Math.floor(Math.random() * 50)}`;
    if (!taken.has(ip)) return ip;
  }
  throw new Error("no free address in the lab network");
}
