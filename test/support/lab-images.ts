import { labSettings } from "./lab";

/** An OS image built by `npm run host:up` (scripts/lab/build-debian-image.sh). */
export interface LabImage {
  /** qcow2 on the lab host, readable by QEMU and the lab user; not in any pool. */
  path: string;
  format: "qcow2";
  /** The image boots by itself (BIOS + extlinux); these are only for debugging or direct kernel boot. */
  kernel?: string;
  initrd?: string;
}

/** The lab's images, from .voidvm/host.json. Fails loudly (never skips) when one is missing. */
export function labImage(name: "debian12"): LabImage {
  const lab = labSettings() as ReturnType<typeof labSettings> & { images?: Record<string, LabImage | undefined> };
  const image = lab.images?.[name];
  if (!image?.path) {
    throw new Error(
      `The lab has no ${name} image (.voidvm/host.json has no images.${name}). ` +
        "Run `npm run host:up` (it builds the image once, several minutes, then caches it).",
    );
  }
  return image;
}
