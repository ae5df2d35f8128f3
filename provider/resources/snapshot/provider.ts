import { checkSnapshot } from "./check";
import { createSnapshotResource } from "./create";
import { deleteSnapshotResource } from "./delete";
import { diffSnapshot } from "./diff";
import type { SnapshotOutputs } from "./outputs";
import { readSnapshotResource } from "./read";
import type { SnapshotInputs } from "./schema";
import { stripUndefined } from "../../validation/unknowns";
import { updateSnapshotResource } from "./update";

/** The Snapshot resource provider; sdk/snapshot.ts delegates every dynamic-provider call here. */
export const snapshotProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkSnapshot(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    // Keep the prefix so that the generated name stays stable.
    return { inputs: stripUndefined({ ...outcome.inputs, autonamePrefix: news.autonamePrefix }) as SnapshotInputs };
  },
  async diff(_id: string, olds: SnapshotOutputs, news: SnapshotInputs) {
    return diffSnapshot(olds, news);
  },
  async create(inputs: SnapshotInputs) {
    return createSnapshotResource(inputs);
  },
  async read(id: string, props: SnapshotOutputs) {
    return readSnapshotResource(id, props);
  },
  async update(_id: string, olds: SnapshotOutputs, news: SnapshotInputs) {
    return { outs: await updateSnapshotResource(olds, news) };
  },
  async delete(_id: string, props: SnapshotOutputs) {
    await deleteSnapshotResource(props);
  },
};
