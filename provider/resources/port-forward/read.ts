import { remoteHost } from "../../config/resolve-connection";
import { observePortForward } from "./observe";
import type { PortForwardOutputs } from "./outputs";

/**
 * Refresh: the rules as the host has them and the guest's current address. Rules that point at a
 * stale address (forwardedTo differs from guestAddress), or are missing, show as a diff in the
 * next preview and are put right by the next update.
 */
export async function readPortForward(id: string, props: PortForwardOutputs): Promise<{ id: string; props: PortForwardOutputs }> {
  const host = remoteHost(props.connection);
  const outs = await observePortForward(host, props, props.forwardId ?? id);
  return { id, props: outs };
}
