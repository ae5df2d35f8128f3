import { checkPortForward, type PortForwardInputs } from "./check";
import { createPortForward } from "./create";
import { deletePortForward } from "./delete";
import { diffPortForward } from "./diff";
import type { PortForwardOutputs } from "./outputs";
import { readPortForward } from "./read";
import { updatePortForward } from "./update";

/** The PortForward resource provider; sdk/port-forward.ts delegates every call here. */
export const portForwardProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkPortForward(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    return { inputs: JSON.parse(JSON.stringify(outcome.inputs)) as PortForwardInputs };
  },
  async diff(_id: string, olds: PortForwardOutputs, news: PortForwardInputs) {
    return diffPortForward(olds, news);
  },
  async create(inputs: PortForwardInputs) {
    return createPortForward(inputs);
  },
  async read(id: string, props: PortForwardOutputs) {
    return readPortForward(id, props);
  },
  async update(_id: string, olds: PortForwardOutputs, news: PortForwardInputs) {
    return { outs: await updatePortForward(olds, news) };
  },
  async delete(_id: string, props: PortForwardOutputs) {
    await deletePortForward(props);
  },
};
