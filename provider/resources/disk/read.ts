import { remoteHost } from "../../config/resolve-connection";
import { observeDisk } from "./observe";
import type { DiskOutputs } from "./outputs";

/**
 * Refresh: the volume as it is now (an empty id when it was deleted outside Pulumi). A disk
 * detached outside Pulumi reports no vm, so the next preview shows the attachment as a change.
 */
export async function readDisk(id: string, props: DiskOutputs): Promise<{ id: string; props: DiskOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const outs = await observeDisk(host, props, props.volume, { vm: props.vm, previousTarget: props.target });
  if (!outs) return { id: "", props: {} };
  return { id, props: outs };
}
