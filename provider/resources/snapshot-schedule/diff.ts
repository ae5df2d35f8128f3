import { isDeepStrictEqual } from "util";
import type { SnapshotScheduleOutputs } from "./outputs";
import type { SnapshotScheduleInputs } from "./schema";

export interface ScheduleDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, { kind: "update" | "update-replace"; inputDiff: boolean }>;
}

const IN_PLACE = ["vm", "vmUuid", "schedule", "maxSnapshots", "naming", "includeMemory", "enabled", "deleteSnapshotsOnDelete"] as const;
const hostIdentity = (v: SnapshotScheduleInputs) => ({ host: v.connection?.host, port: v.connection?.port, uri: v.connection?.uri });

/**
 * Pure (preview): the name and host identify the entry on the host, so they replace it; every
 * other change rewrites the entry in place. Snapshots already taken are never touched by an update.
 */
export function diffSchedule(olds: SnapshotScheduleOutputs, news: SnapshotScheduleInputs): ScheduleDiff {
  const replaces: string[] = [];
  if (olds.name !== news.name) replaces.push("name");
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(hostIdentity(olds))), JSON.parse(JSON.stringify(hostIdentity(news))))) replaces.push("connection");
  const updates = IN_PLACE.filter((key) => !isDeepStrictEqual(olds[key], news[key]));
  const detailedDiff: ScheduleDiff["detailedDiff"] = {};
  for (const path of replaces) detailedDiff[path] = { kind: "update-replace", inputDiff: true };
  for (const path of updates) detailedDiff[path] = { kind: "update", inputDiff: true };
  return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false, detailedDiff };
}
