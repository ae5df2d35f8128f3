import { defaultPool } from "../../config/default-pool";
import { remoteHost } from "../../config/resolve-connection";
import { ROOT_DISK_TARGET } from "./domain-spec-from-inputs";
import type { VmOutputs } from "./outputs";

/**
 * Removes the VM in one round trip (remote-scripts/vm-delete.sh): the domain with its
 * managed-save image and snapshot metadata, then the root volume this VM created. Volumes of
 * Disk resources stay; while such a disk is attached, a running VM first shuts down gracefully
 * (forced after stopTimeout) so that the disk is left consistent.
 */
export async function deleteVm(props: VmOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const volume = props.rootVolume;
  await host.runRemoteScript(
    "vm-delete",
    [
      host.uri,
      props.name,
      String(props.stopTimeout),
      ROOT_DISK_TARGET,
      volume?.pool ?? defaultPool(),
      volume?.name ?? "",
      ...(props.seedVolume ? [props.seedVolume.pool, props.seedVolume.name] : []),
    ],
    { timeoutMs: (props.stopTimeout + 120) * 1000 },
  );
}
