import { ConflictError } from "../../errors";
import { defaultPool } from "../../config/default-pool";
import { readDomainDisks } from "../../libvirt/disk-devices";
import { createVolume, deleteVolume, volumeInfo, type VolumeRef } from "../../libvirt/volumes";
import { remoteHost } from "../../config/resolve-connection";
import { applyAttachment } from "./apply-attachment";
import { planAttachment } from "./attachment";
import { desiredAttachment } from "./desired";
import { observeDisk } from "./observe";
import type { DiskOutputs } from "./outputs";
import { isOwnerGeneratedName } from "../../validation/autoname";
import { ownerOf } from "../../validation/sdk-keys";
import { whoseObject } from "../../libvirt/owner-marks";
import { diskVolumeName, type DiskInputs } from "./schema";

/**
 * Creates the volume (its owner mark first) and attaches it (hot-plug when the VM runs, persisted
 * either way). Every check runs before the volume exists; a failure after that removes the volume
 * again. A volume this Disk made in a killed run (its mark names this Disk's owner, or it has no
 * mark and the name is the one this Disk's owner generates) is taken over with its data instead.
 */
export async function createDisk(inputs: DiskInputs): Promise<{ id: string; outs: DiskOutputs }> {
  const host = remoteHost(inputs.connection);
  const volume: VolumeRef = { pool: inputs.pool ?? defaultPool(), name: diskVolumeName(inputs) };
  const existing = await volumeInfo(host, volume);
  const takeOver = existing !== undefined;
  if (existing && !isOwnVolume(existing.owner, inputs)) {
    throw new ConflictError(
      `A volume named "${volume.name}" already exists in pool ${volume.pool} on ${host.label}, so Disk "${inputs.name}" cannot create it. ` +
        `${whoseObject(existing.owner)} Choose another name, or remove the old volume (virsh vol-delete --pool ${volume.pool} '${volume.name}') if its data is not needed. Nothing was changed.`,
    );
  }
  const desired = desiredAttachment(inputs);
  const domains = desired ? [await readDomainDisks(host, desired.vm)] : [];
  const plan = planAttachment({ diskName: inputs.name, volume, domains, desired });
  if (!takeOver) {
    await createVolume(host, volume, inputs.size, inputs.type, { backing: inputs.baseImage, preallocation: inputs.preallocation, owner: ownerOf(inputs) });
  }
  try {
    await applyAttachment(host, plan);
    const outs = await observeDisk(host, inputs, volume, { vm: inputs.vm, previousTarget: plan.final?.device.target });
    if (!outs) throw new Error(`Volume ${volume.name} disappeared right after it was created.`);
    return { id: `${volume.pool}/${volume.name}`, outs };
  } catch (error) {
    if (takeOver) throw new Error(`Taking over Disk "${inputs.name}" (its volume ${volume.pool}/${volume.name} was there already) failed; the volume is kept: ${(error as Error).message}`);
    await deleteVolume(host, volume).catch(() => undefined);
    throw new Error(`Creating Disk "${inputs.name}" failed and its volume was removed again: ${(error as Error).message}`);
  }
}

/**
 * A volume left by this Disk's own killed create: its mark names this Disk's owner, or (made
 * before volumes were marked) it has no mark and carries the name this Disk's owner generates.
 */
function isOwnVolume(mark: string | undefined, inputs: DiskInputs): boolean {
  const owner = ownerOf(inputs);
  if (mark !== undefined) return owner !== undefined && mark === owner;
  return isOwnerGeneratedName(inputs);
}
