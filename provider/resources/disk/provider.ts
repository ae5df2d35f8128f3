import { checkDisk } from "./check";
import { createDisk } from "./create";
import { deleteDisk } from "./delete";
import { diffDisk } from "./diff";
import { stripUndefined } from "./observe";
import type { DiskOutputs } from "./outputs";
import { readDisk } from "./read";
import type { DiskInputs } from "./schema";
import { updateDisk } from "./update";

/** The Disk resource provider; sdk/disk.ts delegates every dynamic-provider call here. */
export const diskProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkDisk(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    // Keep the prefix so that the generated name stays stable; JSON drops undefined values.
    return { inputs: stripUndefined({ ...outcome.inputs, autonamePrefix: news.autonamePrefix }) as DiskInputs };
  },
  async diff(_id: string, olds: DiskOutputs, news: DiskInputs) {
    return diffDisk(olds, news);
  },
  async create(inputs: DiskInputs) {
    return createDisk(inputs);
  },
  async read(id: string, props: DiskOutputs) {
    return readDisk(id, props);
  },
  async update(_id: string, olds: DiskOutputs, news: DiskInputs) {
    return { outs: await updateDisk(olds, news) };
  },
  async delete(_id: string, props: DiskOutputs) {
    await deleteDisk(props);
  },
};
