import { readDomainDisks } from "../../libvirt/disk-devices";
import { deleteVolume, volumeInfo } from "../../libvirt/volumes";
import { remoteHost } from "../../config/resolve-connection";
import { applyAttachment } from "./apply-attachment";
import { planAttachment } from "./attachment";
import type { DiskOutputs } from "./outputs";

/** Detaches the disk (a hot-unplug when the VM runs), then deletes the volume unless retainOnDelete. */
export async function deleteDisk(props: DiskOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const info = await volumeInfo(host, props.volume);
  const domains = props.vm ? [await readDomainDisks(host, props.vm)] : [];
  const plan = planAttachment({ diskName: props.name, volume: props.volume, path: info?.path ?? props.path, domains });
  await applyAttachment(host, plan);
  if (!props.retainOnDelete && info) await deleteVolume(host, props.volume);
}
