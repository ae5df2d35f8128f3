import { parseStringPromise } from "xml2js";

/** One image in a disk's backing chain, top (what the VM writes to) first. */
export interface ChainLayer {
  /** libvirt's index of the image, for `vda[N]` in block jobs. */
  index: string;
  /** The image file, when it is a file (volumes give pool/volume instead). */
  file?: string;
  volume?: { pool: string; name: string };
}

type Node = { $?: Record<string, string>; [child: string]: unknown };

function first(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  return Array.isArray(value) ? (value[0] as Node) : undefined;
}

/** Pure: the backing chain of disk `target` in a running domain's XML (`virsh dumpxml`). */
export async function diskChain(domainXml: string, target: string): Promise<ChainLayer[]> {
  const doc = (await parseStringPromise(domainXml, { explicitArray: true, attrkey: "$" })) as { domain?: Node };
  const disks = (first(doc.domain, "devices")?.disk as Node[] | undefined) ?? [];
  const disk = disks.find((d) => first(d, "target")?.$?.dev === target);
  if (!disk) return [];
  const layers: ChainLayer[] = [];
  const layer = (index: string | undefined, source: Node | undefined) => {
    if (index === undefined || !source) return;
    const entry: ChainLayer = { index };
    if (source.$?.file) entry.file = source.$.file;
    if (source.$?.pool && source.$?.volume) entry.volume = { pool: source.$.pool, name: source.$.volume };
    layers.push(entry);
  };
  const top = first(disk, "source");
  layer(top?.$?.index, top);
  let backing = first(disk, "backingStore");
  while (backing && backing.$?.index !== undefined) {
    layer(backing.$.index, first(backing, "source"));
    backing = first(backing, "backingStore");
  }
  return layers;
}

/**
 * Where a block commit of `target` must stop: the first layer from the top that is not one of the
 * external snapshots' overlay files (the disk's own image). Committing further down would write
 * into a shared base image (a VM created from a template's baseImage).
 */
export function commitBase(chain: ChainLayer[], overlayFiles: ReadonlySet<string>): ChainLayer | undefined {
  return chain.find((layer) => layer.file === undefined || !overlayFiles.has(layer.file));
}
