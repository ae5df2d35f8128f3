import { buildXml, type XmlNode } from "./xml-builder";
import { parseDocument, type XmlElement } from "./xml-nodes";

/**
 * Pure: a `virsh snapshot-dumpxml --security-info` document with its own `<description>` (not the
 * domain's) replaced, for `virsh snapshot-create --redefine`. An empty description removes it.
 */
export async function snapshotXmlWithDescription(snapshotXml: string, description: string): Promise<string> {
  const root = await parseDocument(snapshotXml, "domainsnapshot");
  const edited: XmlElement = {};
  for (const [key, value] of Object.entries(root)) {
    if (key === "description") continue;
    edited[key] = value;
    if (key === "name" && description !== "") edited.description = [{ _: description }];
  }
  return buildXml("domainsnapshot", edited as XmlNode);
}
