import { remoteHost } from "../../config/resolve-connection";
import { installSchedule } from "./install";
import { observeSchedule } from "./observe";
import type { SnapshotScheduleOutputs } from "./outputs";
import type { SnapshotScheduleInputs } from "./schema";

/** Rewrites the host entry in place (same file names); existing snapshots stay as they are. */
export async function updateSchedule(_olds: SnapshotScheduleOutputs, news: SnapshotScheduleInputs): Promise<SnapshotScheduleOutputs> {
  const host = remoteHost(news.connection);
  await installSchedule(host, news, false);
  return observeSchedule(host, news);
}
