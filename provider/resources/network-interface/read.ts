import { remoteHost } from "../../config/resolve-connection";
import { observeNic } from "./observe";
import type { NicOutputs } from "./outputs";

/** Refresh: the interface as it is now; an empty id when its VM is gone (and the NIC with it). */
export async function readNic(id: string, props: NicOutputs): Promise<{ id: string; props: NicOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const outs = await observeNic(host, props, { ipWaitSeconds: 0 });
  if (!outs) return { id: "", props: {} };
  return { id, props: outs };
}
