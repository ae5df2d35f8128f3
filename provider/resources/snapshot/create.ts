import { createSnapshot as takeSnapshot, memoryStateSizes } from "../../libvirt/snapshots";
import { remoteHost } from "../../config/resolve-connection";
import { snapshotNotTaken } from "./errors";
import type { SnapshotOutputs } from "./outputs";
import type { SnapshotInputs } from "./schema";

/**
 * Takes the snapshot. It is atomic: libvirt's own snapshot, or one QMP transaction over all disks
 * followed by the metadata (removed again if libvirt refuses it). Refusals come before any change.
 */
export async function createSnapshot(inputs: SnapshotInputs): Promise<{ id: string; outs: SnapshotOutputs }> {
  const host = remoteHost(inputs.connection);
  let created;
  try {
    created = await takeSnapshot(host, { vm: inputs.vm, name: inputs.name, description: inputs.description, includeMemory: inputs.includeMemory });
  } catch (error) {
    throw snapshotNotTaken(inputs.name, inputs.vm, error);
  }
  const { uuid, record } = created;
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
