import type { ChainLayer } from "../xml/parse-disk-chain";

/**
 * Where a block commit of `target` must stop: the first layer from the top that is not one of the
 * external snapshots' overlay files (the disk's own image). Committing further down would write
 * into a shared base image (a VM created from a template's baseImage).
 */
export function commitBase(chain: ChainLayer[], overlayFiles: ReadonlySet<string>): ChainLayer | undefined {
  return chain.find((layer) => layer.file === undefined || !overlayFiles.has(layer.file));
}
