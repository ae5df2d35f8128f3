import type { RemoteHost } from "../transport/remote-host";
import type { Preallocation } from "../validation/preallocation";
import { parseVolumeXml, type VolumeInfo } from "../xml/parse-volume";
import { RemoteCommandError } from "../errors";
import { explainHostFailure } from "./host-failure";
import { markOwner } from "./owner-marks";
import { virsh } from "./virsh";

export interface VolumeRef {
  pool: string;
  name: string;
}

/**
 * Creates a volume in one round trip (remote-scripts/volume-create.sh); sparse by default. With an
 * owner, the volume's owner mark is written first (remote-scripts/lib/owner-mark.sh).
 */
export async function createVolume(
  host: RemoteHost,
  volume: VolumeRef,
  sizeGiB: number,
  format: "qcow2" | "raw",
  options: { backing?: string; preallocation?: Preallocation; owner?: string } = {},
): Promise<void> {
  const args = [volume.pool, volume.name, String(sizeGiB), format, options.preallocation ?? "off", options.backing ?? "", markOwner(options.owner)];
  try {
    await host.runRemoteScript("volume-create", [host.uri, ...args], { timeoutMs: 600_000 });
  } catch (error) {
    const context = { host: host.label, pool: volume.pool, volume: volume.name, sizeGiB, preallocation: options.preallocation ?? "off" };
    const explained = error instanceof RemoteCommandError ? explainHostFailure(error.stderr, context) : undefined;
    if (explained) throw explained;
    throw new Error(
      `Could not create volume ${volume.name} in pool ${volume.pool} on ${host.label}: ${(error as Error).message}\n` +
        `Check that the pool exists and is active (virsh pool-list --all) and has room, and that no volume of that name exists.`,
    );
  }
}

/** Deletes a volume and its owner mark in one round trip (remote-scripts/volume-delete.sh); an absent volume is fine. */
export async function deleteVolume(host: RemoteHost, volume: VolumeRef): Promise<void> {
  await host.runRemoteScript("volume-delete", [host.uri, volume.pool, volume.name]);
}

/** A volume as VolumeInfo, with the owner its mark names (undefined when it carries none). */
export interface MarkedVolumeInfo extends VolumeInfo {
  owner?: string;
}

export type { VolumeInfo };

/**
 * Capacity, allocation, path and owner mark in one round trip (remote-scripts/volume-read.sh);
 * undefined when there is no such volume.
 */
export async function volumeInfo(host: RemoteHost, volume: VolumeRef): Promise<MarkedVolumeInfo | undefined> {
  const result = await host.runRemoteScript("volume-read", [host.uri, volume.pool, volume.name], { allowFailure: true });
  if (result.sections.has("absent")) return undefined;
  if (result.failedStep !== undefined || result.exitCode !== 0) {
    const explained = explainHostFailure(result.stderr, { host: host.label, pool: volume.pool, volume: volume.name });
    if (explained) throw explained;
    throw new Error(`Could not read volume ${volume.name} in pool ${volume.pool} on ${host.label}: ${result.stderr.trim()}`);
  }
  const owner = (result.sections.get("owner") ?? "").trim();
  return { ...(await parseVolumeXml(result.sections.get("xml") ?? "")), ...(owner ? { owner } : {}) };
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
