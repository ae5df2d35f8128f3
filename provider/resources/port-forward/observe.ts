import { stripUndefined } from "../../values/strip-undefined";
import { observedForward } from "../../nft/forward-rules";
import { readHostSnapshot } from "../../nft/voidvm-table";
import type { RemoteHost } from "../../transport/remote-host";
import type { PortForwardInputs } from "./schema";
import { resolveGuestAddress } from "./guest-address";
import type { PortForwardOutputs } from "./outputs";

/** The forward as the host has it: its complete rules, where they point, and where the guest is now. */
export async function observePortForward(host: RemoteHost, desired: PortForwardInputs, forwardId: string, known?: { guestAddress?: string }): Promise<PortForwardOutputs> {
  const snapshot = await readHostSnapshot(host);
  const seen = observedForward(snapshot.rules, forwardId);
  const guestAddress = known?.guestAddress ?? (await resolveGuestAddress(host, desired, 0)).ip;
  const outputs: PortForwardOutputs = { ...desired, forwardId, rules: seen.rules, forwardedTo: seen.guestIp, guestAddress };
  return stripUndefined(outputs);
}
