import { parseStringPromise } from "xml2js";

/** An element as xml2js gives it with explicitArray: attributes in `$`, text in `_`. */
export type XmlElement = { $?: Record<string, string>; _?: string; [child: string]: unknown };

/** The one way VoidVM parses libvirt XML: every child is an array, every text in `_`. */
export function parseXml(xml: string): Promise<unknown> {
  return parseStringPromise(xml, { explicitArray: true, explicitCharkey: true, attrkey: "$", charkey: "_" });
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
