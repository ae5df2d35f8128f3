import { Builder } from "xml2js";

/** The one XML builder: escapes every text and attribute value. */
const builder = new Builder({ headless: true, renderOpts: { pretty: true, indent: "  ", newline: "\n" } });

export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | number | XmlNode | XmlNode[] | string[] | undefined;

export function buildXml(rootName: string, root: XmlNode): string {
  return builder.buildObject({ [rootName]: prune(root) }) + "\n";
}

/** Drops undefined fields so that optional elements simply do not appear. */
function prune(node: XmlNode): XmlNode {
  const out: XmlNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      out[key] = (value as Array<XmlNode | string>).map((v) => (typeof v === "object" ? prune(v) : v)) as XmlNode[];
    } else if (typeof value === "object") {
      out[key] = prune(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
