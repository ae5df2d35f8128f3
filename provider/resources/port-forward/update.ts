import { remoteHost } from "../../config/resolve-connection";
import { applyPortForward } from "./apply";
import type { PortForwardInputs } from "./schema";
import { observePortForward } from "./observe";
import type { PortForwardOutputs } from "./outputs";

/** New rules, another VM or NIC, or a guest that moved: this forward's rules replaced in one transaction. */
export async function updatePortForward(olds: PortForwardOutputs, news: PortForwardInputs): Promise<PortForwardOutputs> {
  const host = remoteHost(news.connection);
  const guestAddress = await applyPortForward(host, news, olds.forwardId);
  return observePortForward(host, news, olds.forwardId, { guestAddress });
}
