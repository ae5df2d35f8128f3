import { deleteSnapshot, listSnapshots } from "../../libvirt/snapshots";
import { installedScheduleNames, removeRootFile, schedulePaths } from "../../libvirt/snapshot-schedule-files";
import { SNAPSHOT_SCRIPT_PATH } from "../../libvirt/snapshot-script";
import { remoteHost } from "../../config/resolve-connection";
import type { SnapshotScheduleOutputs } from "./outputs";

/**
 * Removes the cron entry first (no run can start after that), then the config; the shared script
 * goes with the last schedule. The snapshots it made stay, unless deleteSnapshotsOnDelete is set.
 * The log stays in /var/log/voidvm for the record.
 */
export async function deleteSchedule(props: SnapshotScheduleOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const paths = schedulePaths(props.name);
  await removeRootFile(host, paths.cronFile);
  if (props.deleteSnapshotsOnDelete) {
    const all = await listSnapshots(host, props.vm);
    for (const snapshot of (all?.snapshots ?? []).filter((s) => s.schedule === props.name)) {
      await deleteSnapshot(host, props.vm, snapshot.name);
    }
  }
  await removeRootFile(host, paths.configFile);
  const others = await installedScheduleNames(host);
  if (others.length === 0) await removeRootFile(host, SNAPSHOT_SCRIPT_PATH);
}
