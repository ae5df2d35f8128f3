import { deleteVolume } from "../../../provider/libvirt/volumes";
import { virsh } from "../../../provider/libvirt/virsh";
import { checkDisk } from "../../../provider/resources/disk/check";
import type { DiskInputs } from "../../../provider/resources/disk/schema";
import { checkVm } from "../../../provider/resources/vm/check";
import { createVm } from "../../../provider/resources/vm/create";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import type { VmInputs } from "../../../provider/resources/vm/schema";
import { guestVmInputs, httpGet } from "../../support/guest";
import { labConnection, labHost, labSettings } from "../../support/lab";

/** Inputs of a test guest VM with a 1 GiB root disk (vda), so that the first data disk is vdb in the guest too. */
export function vmInputs(name: string, extra: Record<string, unknown> = {}): VmInputs {
  const outcome = checkVm({}, guestVmInputs(name, { connection: labConnection(), disk: { size: 1 }, ...extra }));
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

export async function createGuestVm(name: string, extra: Record<string, unknown> = {}): Promise<VmOutputs> {
  return (await createVm(vmInputs(name, extra))).outs;
}

/** Validated Disk inputs on the lab, with the small-disk limit the tests need. */
export function diskInputs(name: string, extra: Record<string, unknown> = {}): DiskInputs {
  const outcome = checkDisk({}, { connection: labConnection(), name, size: 1, limits: { minDiskSize: 1 }, ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

/** The guest's block devices: name → size in KiB, from /proc/partitions. */
export async function guestDisks(ip: string): Promise<Map<string, number>> {
  const text = await httpGet(`http://${ip}/cgi-bin/disks`);
  const disks = new Map<string, number>();
  for (const line of text.split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts.length === 4 && /^\d+$/.test(parts[2]!)) disks.set(parts[3]!, Number(parts[2]));
  }
  return disks;
}

/** Waits (bounded) until the guest shows `dev` with `sizeKiB` (or without it, for undefined). */
export async function waitForGuestDisk(ip: string, dev: string, sizeKiB: number | undefined, timeoutMs = 60_000): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let disks = await guestDisks(ip);
  while (disks.get(dev) !== sizeKiB && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    disks = await guestDisks(ip);
  }
  return disks;
}

export async function writePattern(ip: string, dev: string, pattern: string): Promise<string> {
  return (await httpGet(`http://${ip}/cgi-bin/disk-write?dev=${dev}&pattern=${encodeURIComponent(pattern)}`)).trim();
}

export async function readPattern(ip: string, dev: string): Promise<string> {
  return httpGet(`http://${ip}/cgi-bin/disk-read?dev=${dev}`);
}

/** What the first 64 bytes hold after the pattern was written (it repeats). */
export function expectedBytes(pattern: string): string {
  return pattern.repeat(Math.ceil(64 / pattern.length)).slice(0, 64);
}

export async function bootId(ip: string): Promise<string> {
  return (await httpGet(`http://${ip}/cgi-bin/boot-id`, 90_000)).trim();
}

export async function domainXml(name: string, inactive: boolean): Promise<string> {
  return (await virsh(labHost(), ["dumpxml", ...(inactive ? ["--inactive"] : []), "--", name])).stdout;
}

export async function volumeExistsOnLab(volume: string): Promise<boolean> {
  return (await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true })).exitCode === 0;
}

export async function volumeCapacity(volume: string): Promise<number> {
  const out = (await virsh(labHost(), ["vol-info", "--bytes", "--pool", labSettings().pool, "--vol", volume])).stdout;
  return Number(/Capacity:\s+(\d+)/.exec(out)?.[1]);
}

/** Removes a volume the test may have left (after a failed assertion). */
/** Removes a volume and its owner mark (the provider's own delete), ignoring failures. */
export async function removeVolume(volume: string): Promise<void> {
  await deleteVolume(labHost(), { pool: labSettings().pool, name: volume }).catch(() => undefined);
}

export const GIB_KIB = 1024 * 1024;

/** Cleanup in after(): a failure is printed (so a leftover on the host is explained), not thrown. */
export function reportCleanup(error: unknown): void {
  console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
}
