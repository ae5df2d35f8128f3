import { deleteSnapshot as removeSnapshot, listSnapshots } from "../../libvirt/snapshots";
import { remoteHost } from "../../config/resolve-connection";
import type { SnapshotOutputs } from "./outputs";

/**
 * Removes the snapshot and nothing else (an internal snapshot's blocks are freed; libvirt would
 * merge an external one into its parent). Nothing to do when the VM is gone or was replaced: its
 * internal snapshots went with its disks.
 */
export async function deleteSnapshot(props: SnapshotOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const all = await listSnapshots(host, props.vm);
  if (!all || (props.domainUuid && all.uuid !== props.domainUuid)) return;
  if (!all.snapshots.some((s) => s.name === props.name)) return;
  await removeSnapshot(host, props.vm, props.name);
}
