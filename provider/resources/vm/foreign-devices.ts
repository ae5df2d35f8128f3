import type { DomainSpec } from "../../xml/domain-spec";
import { attr, child, children, parseDocument } from "../../xml/xml-nodes";

/**
 * The disks and interfaces in a domain's current definition that the VirtualMachine does not own
 * (attached by Disk and NetworkInterface resources), as xml2js nodes that the renderer writes back
 * verbatim, so a cold change or restart never drops another resource's device.
 */
export async function foreignDevices(
  currentXml: string,
  owned: { diskTargets: string[]; macs: string[] },
): Promise<NonNullable<DomainSpec["preservedDevices"]>> {
  const devices = child(await parseDocument(currentXml, "domain"), "devices");
  const disks = children(devices, "disk").filter((disk) => {
    const target = attr(child(disk, "target"), "dev");
    return target !== undefined && !owned.diskTargets.includes(target);
  });
  const macs = owned.macs.map((m) => m.toLowerCase());
  const interfaces = children(devices, "interface").filter((nic) => {
    const mac = attr(child(nic, "mac"), "address")?.toLowerCase();
    return mac !== undefined && !macs.includes(mac);
  });
  // The VM renders no controllers of its own; a Disk on the scsi bus added a virtio-scsi one.
  const controllers = children(devices, "controller").filter((c) => attr(c, "type") === "scsi");
  return { disk: disks, interface: interfaces, controller: controllers };
}
