import type { RemoteHost } from "../transport/remote-host";
import type { Preallocation } from "../validation/preallocation";
import { parseVolumeXml, type VolumeInfo } from "../xml/parse-volume";
import { RemoteCommandError } from "../errors";
import { explainHostFailure } from "./host-failure";
import { virsh } from "./virsh";

export interface VolumeRef {
  pool: string;
  name: string;
}

/** Creates a volume in one round trip (remote-scripts/volume-create.sh); sparse by default. */
export async function createVolume(
  host: RemoteHost,
  volume: VolumeRef,
  sizeGiB: number,
  format: "qcow2" | "raw",
  backing?: string,
  preallocation: Preallocation = "off",
): Promise<void> {
  try {
    await host.runRemoteScript("volume-create", [host.uri, volume.pool, volume.name, String(sizeGiB), format, preallocation, backing ?? ""], {
      timeoutMs: 600_000,
    });
  } catch (error) {
    const context = { host: host.label, pool: volume.pool, volume: volume.name, sizeGiB, preallocation };
    const explained = error instanceof RemoteCommandError ? explainHostFailure(error.stderr, context) : undefined;
    if (explained) throw explained;
    throw new Error(
      `Could not create volume ${volume.name} in pool ${volume.pool} on ${host.label}: ${(error as Error).message}\n` +
        `Check that the pool exists and is active (virsh pool-list --all) and has room, and that no volume of that name exists.`,
    );
  }
}

export async function volumeExists(host: RemoteHost, volume: VolumeRef): Promise<boolean> {
  const result = await virsh(host, ["vol-info", "--pool", volume.pool, "--vol", volume.name], { allowFailure: true });
  return result.exitCode === 0;
}

export async function deleteVolume(host: RemoteHost, volume: VolumeRef): Promise<void> {
  if (!(await volumeExists(host, volume))) return;
  await virsh(host, ["vol-delete", "--pool", volume.pool, "--vol", volume.name]);
}

export type { VolumeInfo };

/** Capacity, allocation and path in one call (`vol-dumpxml`); undefined when there is no such volume. */
export async function volumeInfo(host: RemoteHost, volume: VolumeRef): Promise<VolumeInfo | undefined> {
  const result = await virsh(host, ["vol-dumpxml", "--pool", volume.pool, "--vol", volume.name], { allowFailure: true });
  if (result.exitCode !== 0) {
    if (/Storage volume not found|failed to get vol|Storage pool not found|failed to get pool/i.test(result.stderr)) return undefined;
    const explained = explainHostFailure(result.stderr, { host: host.label, pool: volume.pool, volume: volume.name });
    if (explained) throw explained;
    throw new Error(`Could not read volume ${volume.name} in pool ${volume.pool} on ${host.label}: ${result.stderr.trim()}`);
  }
  return parseVolumeXml(result.stdout);
}

/** Grows a volume that no running VM is using (a running VM's disk grows with `blockresize`). */
export async function resizeVolume(host: RemoteHost, volume: VolumeRef, sizeGiB: number): Promise<void> {
  const result = await virsh(host, ["vol-resize", "--pool", volume.pool, "--vol", volume.name, "--capacity", `${sizeGiB}G`], {
    allowFailure: true,
    timeoutMs: 600_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `Could not grow volume ${volume.name} in pool ${volume.pool} to ${sizeGiB} GiB on ${host.label}: ${result.stderr.trim()}. ` +
        `Check that the pool has room (virsh pool-info ${volume.pool}).`,
    );
  }
}
