import { listSnapshots } from "../../libvirt/snapshots";
import { remoteHost } from "../../config/resolve-connection";
import type { SnapshotOutputs } from "./outputs";

/**
 * Refresh: the snapshot as libvirt has it now, or an empty id when it is gone (deleted outside
 * Pulumi, or the VM was removed or replaced, which takes internal snapshots with it).
 */
export async function readSnapshot(id: string, props: SnapshotOutputs): Promise<{ id: string; props: SnapshotOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const all = await listSnapshots(host, props.vm);
  if (!all || (props.domainUuid && all.uuid !== props.domainUuid)) return { id: "", props: {} };
  const record = all.snapshots.find((s) => s.name === props.name);
  if (!record) return { id: "", props: {} };
  const outs: SnapshotOutputs = { ...props, description: record.description, createdAt: record.createdAt, kind: record.kind, location: record.location };
  if (record.description === undefined) delete outs.description;
  return { id, props: outs };
}
