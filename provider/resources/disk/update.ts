import { NotFoundError, RefusedError } from "../../errors";
import { blockResize, readDomainDisks } from "../../libvirt/disk-devices";
import { isActive } from "../../libvirt/domain-state";
import { resizeVolume, volumeInfo } from "../../libvirt/volumes";
import { remoteHost } from "../../config/resolve-connection";
import { applyAttachment } from "./apply-attachment";
import { planAttachment } from "./attachment";
import { bytesToGiB, planDiskChanges } from "./change-plan";
import { desiredAttachment } from "./desired";
import { observeDisk } from "./observe";
import type { DiskOutputs } from "./outputs";
import type { DiskInputs } from "./schema";

/**
 * Brings the disk where the inputs want it, keeping the volume and its bytes: detaches from the
 * VM it was on and attaches to the new one (a moved disk, or a VM that was replaced), re-plugs it
 * with new settings on a stopped VM, and grows it (`blockresize` when the VM runs, a volume resize
 * otherwise). Every check runs before anything changes.
 */
export async function updateDisk(olds: DiskOutputs, news: DiskInputs): Promise<DiskOutputs> {
  const host = remoteHost(news.connection);
  const changes = planDiskChanges(olds, news);
  if (changes.refusals.length) throw new RefusedError(changes.refusals.join("\n"));
  const replaced = changes.changes.filter((c) => c.kind === "replace");
  if (replaced.length) throw new RefusedError(`Disk "${olds.name}": ${replaced.map((c) => c.path).join(", ")} can only change by replacing the Disk.`);
  const volume = olds.volume;
  const info = await volumeInfo(host, volume);
  if (!info) {
    throw new NotFoundError(`The volume of Disk "${olds.name}" (${volume.name} in pool ${volume.pool}) no longer exists on ${host.label}. Run pulumi refresh, then pulumi up to create it again.`);
  }
  const names = [...new Set([olds.vm, news.vm].filter((n): n is string => !!n))];
  const domains = await Promise.all(names.map((name) => readDomainDisks(host, name)));
  const desired = desiredAttachment(news, olds.target);
  const plan = planAttachment({ diskName: news.name, volume, path: info.path, domains, desired });
  const grow = news.size * 1024 ** 3 > info.capacityBytes;
  const finalDomain = plan.final ? domains.find((d) => d.name === plan.final!.domain) : undefined;
  if (grow && finalDomain?.state === "suspended") {
    throw new Error(
      `VM "${finalDomain.name}" is suspended (its memory is saved to disk), so Disk "${news.name}" cannot grow now. ` +
        `Set the VM's state to "running" or "stopped" first, then run pulumi up again.`,
    );
  }
  await applyAttachment(host, plan);
  if (grow) {
    if (plan.final && finalDomain && isActive(finalDomain.state)) await blockResize(host, plan.final.domain, plan.final.device.target, news.size);
    else await resizeVolume(host, volume, news.size);
  }
  const outs = await observeDisk(host, news, volume, { vm: news.vm, previousTarget: plan.final?.device.target ?? olds.target });
  if (!outs) throw new Error(`The volume of Disk "${news.name}" disappeared during the update; run pulumi refresh.`);
  if (grow && outs.size < news.size) {
    throw new Error(`Disk "${news.name}" reports ${bytesToGiB(outs.capacityBytes)} GiB after growing it to ${news.size} GiB; check the pool (virsh vol-info).`);
  }
  return outs;
}
