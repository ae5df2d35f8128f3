import type { RemoteHost } from "../transport/remote-host";
import { parseDomainInterfaces, type ObservedNic } from "../xml/parse-interface";
import { renderInterfaceXml, type BandwidthLimit, type NicSpec } from "../xml/render-interface";
import { virsh } from "./virsh";

/**
 * Network interfaces as devices of their own: hot-plugged into a running domain (`--live`) and
 * always written to its definition (`--config`), so they survive restarts.
 */

export interface DomainInterfaces {
  /** What the running domain has now (empty when it is not running). */
  live: ObservedNic[];
  /** What the persistent definition has: what the next boot gets. */
  config: ObservedNic[];
}

export async function readDomainInterfaces(host: RemoteHost, domain: string, running: boolean): Promise<DomainInterfaces> {
  const config = await parseDomainInterfaces((await virsh(host, ["dumpxml", "--inactive", "--", domain])).stdout);
  const live = running ? await parseDomainInterfaces((await virsh(host, ["dumpxml", "--", domain])).stdout) : [];
  return { live, config };
}

/** Hot-plugs (when `live`) and persists an interface. Nothing is left behind when it fails. */
export async function attachInterface(host: RemoteHost, domain: string, nic: NicSpec, live: boolean, options: { config?: boolean } = {}): Promise<void> {
  const args = ["attach-device", "--domain", domain, "--file", "/dev/stdin"];
  if (options.config ?? true) args.push("--config");
  if (live) args.push("--live");
  const result = await virsh(host, args, { stdin: renderInterfaceXml(nic), allowFailure: true });
  if (result.exitCode !== 0) throw new Error(explainAttachFailure(domain, nic, result.stderr.trim()));
}

/**
 * Removes the interface with this MAC from the definition and, when `live`, from the running
 * domain. A live detach needs the guest's cooperation (ACPI): wait until it is really gone.
 */
export async function detachInterface(host: RemoteHost, domain: string, nic: { type: NicSpec["type"]; mac: string }, scope: { live: boolean; config: boolean }, waitSeconds = 60): Promise<void> {
  if (!scope.live && !scope.config) return;
  const args = ["detach-interface", "--domain", domain, "--type", nic.type, "--mac", nic.mac];
  if (scope.config) args.push("--config");
  if (scope.live) args.push("--live");
  const result = await virsh(host, args, { allowFailure: true, timeoutMs: (waitSeconds + 60) * 1000 });
  if (result.exitCode !== 0 && !/no (interface|device) found|not found/i.test(result.stderr)) {
    throw new Error(`libvirt on ${host.label} could not detach interface ${nic.mac} from VM "${domain}": ${result.stderr.trim()}`);
  }
  if (!scope.live) return;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const live = await parseDomainInterfaces((await virsh(host, ["dumpxml", "--", domain])).stdout).catch(() => []);
    if (!live.some((n) => n.mac === nic.mac)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `The guest in VM "${domain}" did not release interface ${nic.mac} within ${waitSeconds} s (hot-unplug needs the guest to answer the ACPI eject request). ` +
          `It is already removed from the VM's definition, so it is gone after the next restart of the VM; run the operation again to keep waiting.`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Live (when running) and persistent bandwidth change; an absent direction is cleared. */
export async function setInterfaceBandwidth(host: RemoteHost, domain: string, mac: string, bandwidth: { inbound?: BandwidthLimit; outbound?: BandwidthLimit } | undefined, live: boolean): Promise<void> {
  const format = (limit: BandwidthLimit | undefined) => (limit ? [limit.average, limit.peak ?? 0, limit.burst ?? 0].join(",") : "0");
  const args = ["domiftune", "--domain", domain, "--interface", mac, "--inbound", format(bandwidth?.inbound), "--outbound", format(bandwidth?.outbound), "--config"];
  if (live) args.push("--live");
  const result = await virsh(host, args, { allowFailure: true });
  if (result.exitCode !== 0) {
    throw new Error(bandwidthMessage(domain, result.stderr.trim()) ?? `libvirt on ${host.label} could not change the bandwidth of interface ${mac} of VM "${domain}": ${result.stderr.trim()}`);
  }
}

/** libvirt's errors for the things a host may lack, said in the user's terms. */
export function explainAttachFailure(domain: string, nic: NicSpec, stderr: string): string {
  const bandwidth = bandwidthMessage(domain, stderr);
  if (bandwidth) return bandwidth;
  if (/does not support hotplugging/i.test(stderr)) {
    return `VM "${domain}" cannot take a network interface while it runs: its machine has no hot-plug support (ACPI). Stop the VM and apply again (the interface is then added to its definition), or enable ACPI. libvirt said: ${stderr}`;
  }
  if (/vlan/i.test(stderr)) {
    return `The host refused the VLAN tag ${nic.vlan ?? ""} on interface ${nic.mac}: VLAN tags need an Open vSwitch bridge (or SR-IOV). libvirt said: ${stderr}`;
  }
  if (/Network not found|no network with matching name/i.test(stderr)) {
    return `There is no libvirt network "${nic.source ?? ""}" on the host. Create it (virsh net-define) or choose an existing one (virsh net-list --all). libvirt said: ${stderr}`;
  }
  if (/network .* is not active/i.test(stderr)) {
    return `libvirt network "${nic.source ?? ""}" is not running. Start it with virsh net-start ${nic.source ?? ""} (and net-autostart), then apply again. libvirt said: ${stderr}`;
  }
  if (/MAC address .* already|duplicate/i.test(stderr)) {
    return `VM "${domain}" already has an interface with MAC ${nic.mac}. Give this interface another mac. libvirt said: ${stderr}`;
  }
  return `libvirt could not attach interface ${nic.mac} (${nic.type} ${nic.source ?? ""}) to VM "${domain}": ${stderr}`;
}

function bandwidthMessage(domain: string, stderr: string): string | undefined {
  if (!/qdisc|\btc\b|bandwidth|Specified .* kind is unknown/i.test(stderr)) return undefined;
  return (
    `The host cannot enforce the bandwidth limits of this interface of VM "${domain}": libvirt shapes traffic with Linux traffic control ` +
    `(the htb and sfq queueing disciplines), and this host's kernel lacks ${/\bsfq\b/.test(stderr) ? "sfq" : /\bhtb\b/.test(stderr) ? "htb" : "one of them"}. ` +
    `Load them (modprobe sch_htb sch_sfq) or use a kernel that has them, ` +
    `or remove bandwidth from the interface. Nothing was changed. libvirt said: ${stderr}`
  );
}
