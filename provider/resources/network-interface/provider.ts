import { checkNic } from "./check";
import { createNic } from "./create";
import { deleteNic } from "./delete";
import { diffNic } from "./diff";
import type { NicOutputs } from "./outputs";
import { readNic } from "./read";
import type { NicInputs } from "./schema";
import { updateNic } from "./update";

/** The NetworkInterface resource provider; sdk/network-interface.ts delegates every call here. */
export const networkInterfaceProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkNic(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    // Keep the seed so that a generated MAC stays the same; JSON drops undefined values.
    return { inputs: JSON.parse(JSON.stringify({ ...outcome.inputs, macSeed: news.macSeed })) as NicInputs };
  },
  async diff(_id: string, olds: NicOutputs, news: NicInputs) {
    return diffNic(olds, news);
  },
  async create(inputs: NicInputs) {
    return createNic(inputs);
  },
  async read(id: string, props: NicOutputs) {
    return readNic(id, props);
  },
  async update(_id: string, olds: NicOutputs, news: NicInputs) {
    return { outs: await updateNic(olds, news) };
  },
  async delete(_id: string, props: NicOutputs) {
    await deleteNic(props);
  },
};
