import type { SnapshotOutputs } from "./outputs";
import type { SnapshotInputs } from "./schema";
import { UNKNOWN } from "../../validation/unknowns";
import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";

/**
 * Runs in preview without touching the host. A snapshot is a moment in time: changing what it
 * captures (VM, name, memory) takes a new snapshot of the VM as it is now; the description changes
 * in place. A replaced VM (new uuid) took its snapshots with it, so the snapshot is taken again.
 */
export function diffSnapshot(olds: SnapshotOutputs, news: SnapshotInputs): DetailedResourceDiff {
  const replaces: string[] = [];
  const updates: string[] = [];
  if (olds.name !== news.name) replaces.push("name");
  if (olds.vm !== news.vm) replaces.push("vm");
  if (olds.includeMemory !== news.includeMemory) replaces.push("includeMemory");
  if (!sameValue(hostIdentity(olds.connection), hostIdentity(news.connection))) replaces.push("connection");
  if (news.vmUuid !== undefined && (news.vmUuid === UNKNOWN || (olds.vmUuid !== undefined && olds.vmUuid !== news.vmUuid))) {
    replaces.push("vmUuid");
  }
  if ((olds.description ?? "") !== (news.description ?? "")) updates.push("description");
  const detailedDiff: DetailedDiff = {};
  for (const path of replaces) detailedDiff[path] = { kind: "update-replace", inputDiff: true };
  for (const path of updates) detailedDiff[path] = { kind: "update", inputDiff: true };
  // Names are unique per VM: the old snapshot goes first when the new one takes its name.
  return resourceDiff(detailedDiff, replaces.length > 0 && olds.name === news.name && olds.vm === news.vm);
}
