import { attachDevice, detachDevice, detachDisk, type DeviceScope } from "../../libvirt/disk-devices";
import type { RemoteHost } from "../../transport/remote-host";
import { renderDiskDeviceXml, renderScsiControllerXml } from "../../xml/render-disk-device";
import type { AttachmentPlan, DeviceChange } from "./attachment";

/**
 * Runs a plan: detaches first (a volume is open in one VM at a time), then attaches. When a step
 * fails, what this call already changed is undone (best effort), so the host stays as it was.
 */
export async function applyAttachment(host: RemoteHost, plan: AttachmentPlan): Promise<void> {
  const done: DeviceChange[] = [];
  let controllerAdded: { domain: string; scope: DeviceScope } | undefined;
  try {
    for (const change of plan.detach) {
      await detachDisk(host, change.domain, change.device, renderDiskDeviceXml(change.device), change.scope);
      done.push(change);
    }
    const attach = plan.attach;
    if (attach) {
      if (attach.scsiController.live || attach.scsiController.config) {
        await attachDevice(host, attach.domain, renderScsiControllerXml(), attach.scsiController);
        controllerAdded = { domain: attach.domain, scope: attach.scsiController };
      }
      await attachDevice(host, attach.domain, renderDiskDeviceXml(attach.device), attach.scope);
    }
  } catch (error) {
    if (controllerAdded) {
      await detachDevice(host, controllerAdded.domain, renderScsiControllerXml(), controllerAdded.scope).catch(() => undefined);
    }
    for (const change of done.reverse()) {
      await attachDevice(host, change.domain, renderDiskDeviceXml(change.device), change.scope).catch(() => undefined);
    }
    throw error;
  }
}
