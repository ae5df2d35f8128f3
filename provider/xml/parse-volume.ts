import { attr, child, parseDocument, text, type XmlElement } from "./xml-nodes";

/** What VoidVM needs to know of a storage volume. */
export interface VolumeInfo {
  /** The volume's file on the host. */
  path: string;
  capacityBytes: number;
  allocationBytes: number;
  format?: string;
}

/** Pure: one `virsh vol-dumpxml` document as a VolumeInfo. */
export async function parseVolumeXml(xml: string): Promise<VolumeInfo> {
  const volume = await parseDocument(xml, "volume");
  const target = child(volume, "target");
  return {
    path: text(child(target, "path")),
    capacityBytes: bytes(child(volume, "capacity")),
    allocationBytes: bytes(child(volume, "allocation")),
    format: attr(child(target, "format"), "type"),
  };
}

/** A size element in bytes: `virsh vol-dumpxml` always writes `<capacity unit='bytes'>N</capacity>`. */
function bytes(node: XmlElement | undefined): number {
  return node ? Number(text(node)) : 0;
}
