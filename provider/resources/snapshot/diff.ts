import { isDeepStrictEqual } from "util";
import type { SnapshotOutputs } from "./outputs";
import type { SnapshotInputs } from "./schema";
import { UNKNOWN } from "../../validation/unknowns";

export interface SnapshotDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, { kind: "update" | "update-replace"; inputDiff: boolean }>;
}

const hostIdentity = (v: SnapshotInputs) => ({ host: v.connection?.host, port: v.connection?.port, uri: v.connection?.uri });

/**
 * Runs in preview without touching the host. A snapshot is a moment in time: changing what it
 * captures (VM, name, memory) takes a new snapshot of the VM as it is now; the description changes
 * in place. A replaced VM (new uuid) took its snapshots with it, so the snapshot is taken again.
 */
export function diffSnapshot(olds: SnapshotOutputs, news: SnapshotInputs): SnapshotDiff {
  const replaces: string[] = [];
  const updates: string[] = [];
  if (olds.name !== news.name) replaces.push("name");
  if (olds.vm !== news.vm) replaces.push("vm");
  if (olds.includeMemory !== news.includeMemory) replaces.push("includeMemory");
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(hostIdentity(olds))), JSON.parse(JSON.stringify(hostIdentity(news))))) replaces.push("connection");
  if (news.vmUuid !== undefined && (news.vmUuid === UNKNOWN || (olds.vmUuid !== undefined && olds.vmUuid !== news.vmUuid))) {
    replaces.push("vmUuid");
  }
  if ((olds.description ?? "") !== (news.description ?? "")) updates.push("description");
  const detailedDiff: SnapshotDiff["detailedDiff"] = {};
  for (const path of replaces) detailedDiff[path] = { kind: "update-replace", inputDiff: true };
  for (const path of updates) detailedDiff[path] = { kind: "update", inputDiff: true };
  return {
    changes: replaces.length + updates.length > 0,
    replaces,
    // Names are unique per VM: the old snapshot goes first when the new one takes its name.
    deleteBeforeReplace: replaces.length > 0 && olds.name === news.name && olds.vm === news.vm,
    detailedDiff,
  };
}
