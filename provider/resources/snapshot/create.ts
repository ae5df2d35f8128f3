import { createSnapshot as takeSnapshot, memoryStateSizes, setSnapshotDescription } from "../../libvirt/snapshots";
import { ownerOf } from "../../validation/sdk-keys";
import { remoteHost } from "../../config/resolve-connection";
import { snapshotNotTaken } from "./errors";
import type { SnapshotOutputs } from "./outputs";
import type { SnapshotInputs } from "./schema";

/**
 * Takes the snapshot. It is atomic: libvirt's own snapshot, or one QMP transaction over all disks
 * followed by the metadata (removed again if libvirt refuses it). Refusals come before any change.
 * The snapshot's tag carries this resource's owner: a snapshot of that name taken by this resource
 * in a killed run is taken over (its description brought to the desired one), any other is refused.
 */
export async function createSnapshot(inputs: SnapshotInputs): Promise<{ id: string; outs: SnapshotOutputs }> {
  const host = remoteHost(inputs.connection);
  let created;
  try {
    const request = { vm: inputs.vm, name: inputs.name, description: inputs.description, includeMemory: inputs.includeMemory, owner: ownerOf(inputs) };
    created = await takeSnapshot(host, request);
  } catch (error) {
    throw snapshotNotTaken(inputs.name, inputs.vm, error);
  }
  const { uuid, record, takenOver } = created;
  if (takenOver && record.description !== inputs.description) await setSnapshotDescription(host, inputs.vm, inputs.name, inputs.description);
  const sizes = record.memory ? await memoryStateSizes(host, inputs.vm) : new Map<string, number>();
  const outs: SnapshotOutputs = {
    ...inputs,
    domainUuid: uuid,
    createdAt: record.createdAt,
    capturedState: record.capturedState,
    kind: record.kind,
    location: record.location,
    memoryStateBytes: record.memory ? sizes.get(record.name) : 0,
  };
  return { id: `${uuid}/${inputs.name}`, outs };
}
