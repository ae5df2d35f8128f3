import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";
import type { SnapshotScheduleOutputs } from "./outputs";
import { scheduleRetention, type SnapshotScheduleInputs } from "./schema";

const IN_PLACE = ["vm", "vmUuid", "schedule", "naming", "includeMemory", "enabled", "deleteSnapshotsOnDelete"] as const;

/**
 * Pure (preview): the name and host identify the entry on the host, so they replace it; every
 * other change rewrites the entry in place. Snapshots already taken are never touched by an update.
 */
export function diffSchedule(olds: SnapshotScheduleOutputs, news: SnapshotScheduleInputs): DetailedResourceDiff {
  const replaces: string[] = [];
  if (olds.name !== news.name) replaces.push("name");
  if (!sameValue(hostIdentity(olds.connection), hostIdentity(news.connection))) replaces.push("connection");
  const updates: string[] = IN_PLACE.filter((key) => !sameValue(olds[key], news[key]));
  // The retention in force: leaving out maxSnapshots is the same as giving the default.
  if (scheduleRetention(olds) !== scheduleRetention(news)) updates.push("maxSnapshots");
  const detailedDiff: DetailedDiff = {};
  for (const path of replaces) detailedDiff[path] = { kind: "update-replace", inputDiff: true };
  for (const path of updates) detailedDiff[path] = { kind: "update", inputDiff: true };
  return resourceDiff(detailedDiff, false);
}
