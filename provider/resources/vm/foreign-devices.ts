import { parseStringPromise } from "xml2js";
import type { DomainSpec } from "../../xml/domain-spec";

type Node = { $?: Record<string, string>; [child: string]: unknown };

/**
 * The disks and interfaces in a domain's current definition that the VirtualMachine does not own
 * (attached by Disk and NetworkInterface resources), as xml2js nodes that the renderer writes back
 * verbatim, so a cold change or restart never drops another resource's device.
 */
export async function foreignDevices(
  currentXml: string,
  owned: { diskTargets: string[]; macs: string[] },
): Promise<NonNullable<DomainSpec["preservedDevices"]>> {
  const doc = (await parseStringPromise(currentXml, { explicitArray: true, attrkey: "$", charkey: "_" })) as { domain?: { devices?: Node[] } };
  const devices = doc.domain?.devices?.[0];
  const disks = ((devices?.disk as Node[] | undefined) ?? []).filter((disk) => {
    const target = (disk.target as Node[] | undefined)?.[0]?.$?.dev;
    return target !== undefined && !owned.diskTargets.includes(target);
  });
  const macs = owned.macs.map((m) => m.toLowerCase());
  const interfaces = ((devices?.interface as Node[] | undefined) ?? []).filter((nic) => {
    const mac = (nic.mac as Node[] | undefined)?.[0]?.$?.address?.toLowerCase();
    return mac !== undefined && !macs.includes(mac);
  });
  // The VM renders no controllers of its own; a Disk on the scsi bus added a virtio-scsi one.
  const controllers = ((devices?.controller as Node[] | undefined) ?? []).filter((c) => c.$?.type === "scsi");
  return { disk: disks, interface: interfaces, controller: controllers };
}
