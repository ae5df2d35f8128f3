import type { DiskDeviceSpec } from "./domain-spec";
import { buildXml, type XmlNode } from "./xml-builder";

/**
 * Pure: one `<disk>` element for `virsh attach-device`/`detach-device`, with the same element
 * order as the disks inside a rendered domain (driver, source, target, readonly).
 */
export function renderDiskDeviceXml(disk: DiskDeviceSpec): string {
  return buildXml("disk", diskNode(disk));
}

/** The one `<disk>` renderer: device XML here, and each disk inside a rendered domain. */
export function diskNode(disk: DiskDeviceSpec): XmlNode {
  const driver: Record<string, string> = { name: "qemu", type: disk.format };
  if (disk.cache) driver.cache = disk.cache;
  if (disk.io) driver.io = disk.io;
  return {
    $: { type: "pool" in disk.source ? "volume" : "file", device: disk.device },
    driver: { $: driver },
    source: { $: "pool" in disk.source ? { pool: disk.source.pool, volume: disk.source.volume } : { file: disk.source.file } },
    target: { $: { dev: disk.target, bus: disk.bus } },
    readonly: disk.readonly ? "" : undefined,
  };
}

/**
 * The SCSI controller a `scsi` disk needs. Left to itself libvirt adds an `lsilogic` controller,
 * which many guests (and the test guest) have no driver for; virtio-scsi is what Linux guests use.
 * It is only added to a VM that has no SCSI controller, so its index is 0.
 */
export function renderScsiControllerXml(index = 0): string {
  return buildXml("controller", { $: { type: "scsi", index: String(index), model: "virtio-scsi" } });
}
