import type { InterfaceSpec } from "./domain-spec";
import type { XmlNode } from "./xml-builder";
import { attr, type XmlElement } from "./xml-nodes";

/**
 * The one mapping between an interface's type and the `<source>` attribute that names its libvirt
 * network, host bridge or host device; a `user` interface has no source.
 */
const SOURCE_ATTRIBUTE: Record<InterfaceSpec["type"], "network" | "bridge" | "dev" | undefined> = {
  network: "network",
  bridge: "bridge",
  direct: "dev",
  user: undefined,
};

/** The `<source>` element of an interface, or undefined when it has none. */
export function interfaceSourceNode(type: InterfaceSpec["type"], source: string | undefined): XmlNode | undefined {
  const name = SOURCE_ATTRIBUTE[type];
  if (!name || !source) return undefined;
  // A direct (macvtap) interface in bridge mode also reaches the other guests on the same device.
  return { $: type === "direct" ? { dev: source, mode: "bridge" } : { [name]: source } };
}

/** The inverse of `interfaceSourceNode`: the source named by a parsed `<source>` element. */
export function interfaceSource(type: InterfaceSpec["type"], sourceElement: XmlElement | undefined): string | undefined {
  const name = SOURCE_ATTRIBUTE[type];
  return name ? attr(sourceElement, name) : undefined;
}
