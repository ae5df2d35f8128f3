import { ConflictError } from "../../errors";
import { ensureBootHook } from "../../nft/boot-hook";
import { forwardConflicts, isLoopback, renderForwardRules } from "../../nft/forward-rules";
import { listenerConflicts } from "../../nft/listeners";
import { applyForward, ensureRouteLocalnet, readHostSnapshot, type HostSnapshot } from "../../nft/voidvm-table";
import type { RemoteHost } from "../../transport/remote-host";
import type { PortForwardInputs } from "./schema";
import { noAddressMessage, resolveGuestAddress } from "./guest-address";

/** Seconds to wait for a running guest's first DHCP lease before giving up. */
export const ADDRESS_WAIT_SECONDS = 90;

/**
 * Points this forward's rules at the guest's current address (create and update). Refusals
 * (another forward or a listening process holds a host port, no guest address) come before
 * anything changes on the host. Returns the address the rules now send to.
 */
export async function applyPortForward(host: RemoteHost, inputs: PortForwardInputs, forwardId: string): Promise<string> {
  const refuse = (snapshot: HostSnapshot) => {
    const problems = forwardConflicts(snapshot.rules, forwardId, inputs.rules);
    // A port this forward already holds is not "in use by a process": DNAT is not a listener.
    return [...problems, ...listenerConflicts(snapshot.listeners, inputs.rules)];
  };
  const problems = refuse(await readHostSnapshot(host));
  if (problems.length) throw new ConflictError(`${problems.join("\n")}\nNothing was changed.`);
  const address = await resolveGuestAddress(host, inputs, ADDRESS_WAIT_SECONDS);
  if (!address.ip) throw new Error(noAddressMessage(inputs.vm, address.reason));
  await ensureBootHook(host);
  if (inputs.rules.some((r) => r.hostIp === undefined || isLoopback(r.hostIp))) await ensureRouteLocalnet(host);
  await applyForward(host, forwardId, renderForwardRules(inputs.rules, address.ip), (snapshot) => {
    const again = refuse(snapshot);
    return again.length ? [`${again.join("\n")}\nNothing was changed.`] : [];
  });
  return address.ip;
}
