import { randomBytes } from "crypto";
import { remoteHost } from "../../config/resolve-connection";
import { applyPortForward } from "./apply";
import type { PortForwardInputs } from "./schema";
import { observePortForward } from "./observe";
import type { PortForwardOutputs } from "./outputs";

export async function createPortForward(inputs: PortForwardInputs): Promise<{ id: string; outs: PortForwardOutputs }> {
  const host = remoteHost(inputs.connection);
  const forwardId = `pf-${randomBytes(6).toString("hex")}`;
  const guestAddress = await applyPortForward(host, inputs, forwardId);
  return { id: forwardId, outs: await observePortForward(host, inputs, forwardId, { guestAddress }) };
}
