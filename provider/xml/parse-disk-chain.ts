import { attr, child, children, parseDocument, type XmlElement } from "./xml-nodes";

/** One image in a disk's backing chain, top (what the VM writes to) first. */
export interface ChainLayer {
  /** libvirt's index of the image, for `vda[N]` in block jobs. */
  index: string;
  /** The image file, when it is a file (volumes give pool/volume instead). */
  file?: string;
  volume?: { pool: string; name: string };
}

/** Pure: the backing chain of disk `target` in a running domain's XML (`virsh dumpxml`). */
export async function diskChain(domainXml: string, target: string): Promise<ChainLayer[]> {
  const domain = await parseDocument(domainXml, "domain");
  const disk = children(child(domain, "devices"), "disk").find((d) => attr(child(d, "target"), "dev") === target);
  if (!disk) return [];
  const layers: ChainLayer[] = [];
  const layer = (index: string | undefined, source: XmlElement | undefined) => {
    if (index === undefined || !source) return;
    const entry: ChainLayer = { index };
    const file = attr(source, "file");
    const pool = attr(source, "pool");
    const volume = attr(source, "volume");
    if (file) entry.file = file;
    if (pool && volume) entry.volume = { pool, name: volume };
    layers.push(entry);
  };
  const top = child(disk, "source");
  layer(attr(top, "index"), top);
  let backing = child(disk, "backingStore");
  while (backing && attr(backing, "index") !== undefined) {
    layer(attr(backing, "index"), child(backing, "source"));
    backing = child(backing, "backingStore");
  }
  return layers;
}
