import type { RemoteHost } from "../transport/remote-host";
import type { DiskDeviceSpec } from "../xml/domain-spec";
import { parseDomainXml } from "../xml/parse-domain";
import { isActive, observeState, type ObservedState } from "./domain-state";
import { virsh } from "./virsh";

/** Which definitions a device change applies to: the running domain, the persistent one, or both. */
export interface DeviceScope {
  live: boolean;
  config: boolean;
}

/** A domain's disks as the host reports them, in its persistent definition and (when active) live. */
export interface DomainDisks {
  name: string;
  state: ObservedState;
  uuid?: string;
  config: DiskDeviceSpec[];
  /** Empty unless the domain is running or paused. */
  live: DiskDeviceSpec[];
  /** Whether a SCSI controller exists, per definition. */
  scsiController: DeviceScope;
}

const SCSI_CONTROLLER = /<controller type='scsi'/;

export async function readDomainDisks(host: RemoteHost, name: string): Promise<DomainDisks> {
  const state = await observeState(host, name);
  if (state === "absent") return { name, state, config: [], live: [], scsiController: { live: false, config: false } };
  const configXml = (await virsh(host, ["dumpxml", "--inactive", "--", name])).stdout;
  const liveXml = isActive(state) ? (await virsh(host, ["dumpxml", "--", name])).stdout : undefined;
  const config = await parseDomainXml(configXml);
  const live = liveXml ? await parseDomainXml(liveXml) : undefined;
  return {
    name,
    state,
    uuid: config.uuid,
    config: config.disks,
    live: live?.disks ?? [],
    scsiController: { config: SCSI_CONTROLLER.test(configXml), live: liveXml ? SCSI_CONTROLLER.test(liveXml) : false },
  };
}

function scopeFlags(scope: DeviceScope): string[] {
  return [...(scope.live ? ["--live"] : []), ...(scope.config ? ["--config"] : [])];
}

/**
 * Attaches a device (disk or controller) given as XML on stdin: hot-plugged with `live`,
 * persisted with `config`. libvirt applies both or neither.
 */
export async function attachDevice(host: RemoteHost, domain: string, xml: string, scope: DeviceScope): Promise<void> {
  const result = await virsh(host, ["attach-device", "--domain", domain, "--file", "/dev/stdin", ...scopeFlags(scope)], {
    stdin: xml,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    throw new Error(`libvirt on ${host.label} refused to attach a device to VM "${domain}": ${cleanVirshError(result.stderr)}`);
  }
}

/** Removes a device that needs no guest cooperation (a controller, or any device from the persistent definition). */
export async function detachDevice(host: RemoteHost, domain: string, xml: string, scope: DeviceScope): Promise<void> {
  const result = await virsh(host, ["detach-device", "--domain", domain, "--file", "/dev/stdin", ...scopeFlags(scope)], {
    stdin: xml,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    throw new Error(`libvirt on ${host.label} refused to detach a device from VM "${domain}": ${cleanVirshError(result.stderr)}`);
  }
}

async function liveTargets(host: RemoteHost, domain: string): Promise<string[]> {
  const result = await virsh(host, ["domblklist", "--domain", domain]);
  return result.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter(Boolean);
}

/**
 * Detaches a disk. The live part is a hot-unplug that the guest must acknowledge (ACPI PCI
 * hotplug): libvirt waits 5 s and then returns even when the guest has not released the disk yet,
 * and a request sent while the guest is still booting is lost. So the request is repeated until
 * the disk is gone from the running domain, for at most `waitSeconds`. The persistent definition
 * is changed only after the live part succeeded.
 */
export async function detachDisk(
  host: RemoteHost,
  domain: string,
  device: DiskDeviceSpec,
  xml: string,
  scope: DeviceScope,
  waitSeconds = 90,
): Promise<void> {
  if (scope.live) {
    const deadline = Date.now() + waitSeconds * 1000;
    let lastError = "";
    for (;;) {
      const result = await virsh(host, ["detach-device", "--domain", domain, "--file", "/dev/stdin", "--live"], {
        stdin: xml,
        allowFailure: true,
      });
      if (result.exitCode !== 0) lastError = cleanVirshError(result.stderr);
      if (!(await liveTargets(host, domain)).includes(device.target)) break;
      if (/cannot be hot unplugged|not supported/i.test(lastError) || Date.now() >= deadline) {
        throw new Error(
          `The guest in VM "${domain}" did not release disk ${device.target} within ${waitSeconds} s` +
            (lastError ? ` (libvirt: ${lastError})` : "") +
            `. A hot-unplug needs the guest's cooperation (ACPI PCI hotplug): a guest that is still booting, ` +
            `hangs, or has the disk busy may not answer. Try again once the guest is up, or stop the VM first.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (scope.config) await detachDevice(host, domain, xml, { live: false, config: true });
}

/** Grows a disk of a running (or paused) VM; the guest sees the new size at once. */
export async function blockResize(host: RemoteHost, domain: string, target: string, sizeGiB: number): Promise<void> {
  const result = await virsh(host, ["blockresize", "--domain", domain, "--path", target, "--size", `${sizeGiB}G`], {
    allowFailure: true,
    timeoutMs: 600_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`Could not grow disk ${target} of VM "${domain}" to ${sizeGiB} GiB on ${host.label}: ${cleanVirshError(result.stderr)}`);
  }
}

function cleanVirshError(stderr: string): string {
  return stderr
    .split("\n")
    .map((line) => line.replace(/^error:\s*/, "").trim())
    .filter(Boolean)
    .join("; ");
}
