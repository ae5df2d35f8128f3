import type { RemoteHost } from "../transport/remote-host";
import { virshText } from "./virsh";

const cache = new Map<string, Promise<"kvm" | "qemu">>();

/**
 * `kvm` when the host's capabilities offer it for x86_64 guests, else `qemu` (TCG emulation).
 * Read once per host and process.
 */
export function domainTypeFor(host: RemoteHost): Promise<"kvm" | "qemu"> {
  const key = `${host.label}|${host.uri}`;
  let found = cache.get(key);
  if (!found) {
    found = virshText(host, ["capabilities"]).then((xml) => (/<domain type=['"]kvm['"]/.test(xml) ? "kvm" : "qemu"));
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
