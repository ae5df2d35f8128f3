import { stripUndefined } from "../../validation/unknowns";
import { checkImage } from "./check";
import { createImage } from "./create";
import { deleteImage } from "./delete";
import { diffImage } from "./diff";
import type { ImageOutputs } from "./outputs";
import { readImage } from "./read";
import type { ImageInputs } from "./schema";
import { updateImage } from "./update";

/** The Image resource provider; sdk/image.ts delegates every dynamic-provider call here. */
export const imageProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkImage(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    // Keep the prefix so that the generated name stays stable.
    return { inputs: stripUndefined({ ...outcome.inputs, autonamePrefix: news.autonamePrefix }) as ImageInputs };
  },
  async diff(_id: string, olds: ImageOutputs, news: ImageInputs) {
    return diffImage(olds, news);
  },
  async create(inputs: ImageInputs) {
    return createImage(inputs);
  },
  async read(id: string, props: ImageOutputs) {
    return readImage(id, props);
  },
  async update(_id: string, olds: ImageOutputs, news: ImageInputs) {
    return { outs: updateImage(olds, news) };
  },
  async delete(_id: string, props: ImageOutputs) {
    await deleteImage(props);
  },
};
