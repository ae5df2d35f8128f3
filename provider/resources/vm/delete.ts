import { observeState } from "../../libvirt/domain-state";
import { removeDomain } from "../../libvirt/domains";
import { gracefulStop } from "../../libvirt/lifecycle";
import { deleteVolume } from "../../libvirt/volumes";
import { remoteHost } from "../../config/resolve-connection";
import type { VmOutputs } from "./outputs";

/**
 * Graceful shutdown (forced after stopTimeout), then the domain goes with its managed-save image
 * and snapshot metadata, then the root volume this VM created. Volumes of Disk resources stay.
 */
export async function deleteVm(props: VmOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const state = await observeState(host, props.name);
  if (state === "running") await gracefulStop(host, props.name, props.stopTimeout);
  if (state !== "absent") await removeDomain(host, props.name);
  if (props.rootVolume) await deleteVolume(host, props.rootVolume);
}
