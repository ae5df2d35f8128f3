import { registerSecret } from "../../transport/secrets";
import { checkVm } from "./check";
import { createVm } from "./create";
import { deleteVm } from "./delete";
import { diffVm } from "./diff";
import type { VmOutputs } from "./outputs";
import { readVm } from "./read";
import type { VmInputs } from "./schema";
import { updateVm } from "./update";

/** The VirtualMachine resource provider; sdk/ delegates every dynamic-provider call here. */
export const virtualMachineProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkVm(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    // Keep the prefix so that the generated name stays stable; JSON drops undefined values.
    return { inputs: JSON.parse(JSON.stringify({ ...outcome.inputs, autonamePrefix: news.autonamePrefix })) as VmInputs };
  },
  async diff(_id: string, olds: VmOutputs, news: VmInputs) {
    return diffVm(olds, news);
  },
  async create(inputs: VmInputs) {
    registerSecret(inputs.vnc?.password);
    registerSecret(inputs.cloudInit?.userData);
    return createVm(inputs);
  },
  async read(id: string, props: VmOutputs) {
    return readVm(id, props);
  },
  async update(_id: string, olds: VmOutputs, news: VmInputs) {
    registerSecret(news.vnc?.password);
    return { outs: await updateVm(olds, news) };
  },
  async delete(_id: string, props: VmOutputs) {
    await deleteVm(props);
  },
};
