import type { RemoteHost } from "../transport/remote-host";
import { virsh } from "./virsh";
import { isMissingDomain } from "./missing-domain";

/** Defines (or redefines) a domain. The XML goes on stdin: it may carry a VNC password. */
export async function defineDomain(host: RemoteHost, xml: string): Promise<void> {
  const result = await virsh(host, ["define", "--file", "/dev/stdin"], { stdin: xml, allowFailure: true });
  if (result.exitCode !== 0) {
    throw new Error(`libvirt on ${host.label} refused the domain definition: ${result.stderr.trim()}`);
  }
}

/** Stops (forced) and removes a domain with its managed-save image and snapshot metadata. */
export async function removeDomain(host: RemoteHost, name: string): Promise<void> {
  await virsh(host, ["destroy", "--", name], { allowFailure: true });
  const result = await virsh(host, ["undefine", "--managed-save", "--snapshots-metadata", "--nvram", "--", name], { allowFailure: true });
  if (result.exitCode !== 0 && !isMissingDomain(result.stderr)) {
    throw new Error(`Could not remove domain ${name} on ${host.label}: ${result.stderr.trim()}`);
  }
}

export async function setAutostart(host: RemoteHost, name: string, enabled: boolean): Promise<void> {
  await virsh(host, enabled ? ["autostart", "--", name] : ["autostart", "--disable", "--", name]);
}

/** A running domain's live definition; with `securityInfo`, including its VNC password (a secret). */
export async function liveDomainXml(host: RemoteHost, name: string, options: { securityInfo?: boolean } = {}): Promise<string | undefined> {
  const args = ["dumpxml", ...(options.securityInfo ? ["--security-info"] : []), "--", name];
  const result = await virsh(host, args, { allowFailure: true });
  if (result.exitCode === 0) return result.stdout;
  if (isMissingDomain(result.stderr)) return undefined;
  throw new Error(`Could not read the definition of domain ${name} on ${host.label}: ${result.stderr.trim()}`);
}
