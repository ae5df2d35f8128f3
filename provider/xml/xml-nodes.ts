import { parseStringPromise } from "xml2js";

/** An element as xml2js gives it with explicitArray: attributes in `$`, text in `_`. */
export type XmlElement = { $?: Record<string, string>; _?: string; [child: string]: unknown };

/** The one way VoidVM parses libvirt XML: every child is an array, every text in `_`. */
export function parseXml(xml: string): Promise<unknown> {
  return parseStringPromise(xml, { explicitArray: true, explicitCharkey: true, attrkey: "$", charkey: "_" });
}

/** Parses one libvirt document and returns its root element, which must be `<rootName>`. */
export async function parseDocument(xml: string, rootName: string): Promise<XmlElement> {
  const doc = (await parseXml(xml)) as Record<string, XmlElement | undefined> | null;
  const root = doc?.[rootName];
  if (!root || typeof root !== "object") {
    const found = Object.keys(doc ?? {})[0];
    throw new Error(
      `Expected libvirt <${rootName}> XML but the document's root is ${found ? `<${found}>` : "missing or empty"}. ` +
        `This is a bug in VoidVM or an unexpected libvirt version: please report it with the output of the virsh command.`,
    );
  }
  return root;
}

export function child(node: XmlElement | undefined, name: string): XmlElement | undefined {
  const value = node?.[name];
  return Array.isArray(value) ? (value[0] as XmlElement) : undefined;
}

export function children(node: XmlElement | undefined, name: string): XmlElement[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value as XmlElement[]) : [];
}

export function attr(node: XmlElement | undefined, name: string): string | undefined {
  return node?.$?.[name];
}

export function text(node: XmlElement | undefined): string {
  return node?._ ?? "";
}

export function optionalText(node: XmlElement | undefined): string | undefined {
  return node ? (node._ ?? "") : undefined;
}
