import { applyForward } from "../../nft/voidvm-table";
import { remoteHost } from "../../config/resolve-connection";
import type { PortForwardOutputs } from "./outputs";

/** Removes exactly this forward's rules (and the table, when nothing else is left in it). */
export async function deletePortForward(props: PortForwardOutputs): Promise<void> {
  await applyForward(remoteHost(props.connection), props.forwardId, []);
}
