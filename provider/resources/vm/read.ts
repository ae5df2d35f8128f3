import { remoteHost } from "../../config/resolve-connection";
import { observeVm } from "./observe";
import type { VmOutputs } from "./outputs";

/** Refresh, in one round trip: the domain as it is now, or an empty id when it was removed outside Pulumi. */
export async function readVm(id: string, props: VmOutputs): Promise<{ id: string; props: VmOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const outs = await observeVm(host, props, props.rootVolume);
  if (!outs) return { id: "", props: {} };
  return { id: outs.uuid || id, props: outs };
}
