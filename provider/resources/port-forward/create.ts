import { createHash, randomBytes } from "crypto";
import { ownerOf } from "../../validation/sdk-keys";
import { remoteHost } from "../../config/resolve-connection";
import { applyPortForward } from "./apply";
import type { PortForwardInputs } from "./schema";
import { observePortForward } from "./observe";
import type { PortForwardOutputs } from "./outputs";

/** Applies the rules under this forward's id (see forwardIdFor), then reads them back. */
export async function createPortForward(inputs: PortForwardInputs): Promise<{ id: string; outs: PortForwardOutputs }> {
  const host = remoteHost(inputs.connection);
  const forwardId = forwardIdFor(inputs);
  const guestAddress = await applyPortForward(host, inputs, forwardId);
  return { id: forwardId, outs: await observePortForward(host, inputs, forwardId, { guestAddress }) };
}

/**
 * The id that tags this forward's rules in VoidVM's nft table. With an owner it is a hash of the
 * owner, the VM and the rules: a create whose `pulumi up` was killed after the rules went in gets
 * the same id on the next run and takes its own rules over (applying a forward replaces the rules
 * of its id). A replacement changes the VM or the rules, so old and new never share an id.
 */
export function forwardIdFor(inputs: PortForwardInputs): string {
  const owner = ownerOf(inputs);
  const seed = owner ? createHash("sha256").update(JSON.stringify([owner, inputs.vm, inputs.rules])).digest() : randomBytes(6);
  return `pf-${seed.toString("hex").slice(0, 12)}`;
}
