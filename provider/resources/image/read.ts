import { volumeInfo } from "../../libvirt/volumes";
import { remoteHost } from "../../config/resolve-connection";
import type { ImageOutputs } from "./outputs";

/** Refresh: the volume as it is now, or an empty id when it was deleted outside Pulumi. */
export async function readImage(id: string, props: ImageOutputs): Promise<{ id: string; props: ImageOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const info = await volumeInfo(host, { pool: props.pool, name: props.volume });
  if (!info) return { id: "", props: {} };
  return { id, props: { ...props, path: info.path, virtualSize: info.capacityBytes } };
}
