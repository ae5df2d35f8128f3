import { schedulePaths } from "../../libvirt/snapshot-schedule-files";
import { remoteHost } from "../../config/resolve-connection";
import { hostScheduleState, observeSchedule } from "./observe";
import type { SnapshotScheduleOutputs } from "./outputs";

/** Refresh: gone when its config file is gone; a missing cron entry shows as enabled: false. */
export async function readSchedule(id: string, props: SnapshotScheduleOutputs): Promise<{ id: string; props: SnapshotScheduleOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const state = await hostScheduleState(host, schedulePaths(props.name));
  if (!state.configPresent) return { id: "", props: {} };
  return { id, props: await observeSchedule(host, props, state) };
}
