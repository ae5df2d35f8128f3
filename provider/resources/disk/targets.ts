/** libvirt's target name prefix per bus: scsi and sata share `sd`, so they share the names. */
export function busPrefix(bus: "virtio" | "scsi" | "sata" | "ide"): "vd" | "sd" | "hd" {
  if (bus === "virtio") return "vd";
  if (bus === "ide") return "hd";
  return "sd";
}

/** a..z, then aa..zz: libvirt's own order of disk names. */
function* suffixes(): Generator<string> {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (const a of letters) yield a;
  for (const a of letters) for (const b of letters) yield a + b;
}

/**
 * Pure: the target for a disk on a VM whose disks already use `used`. A preferred name (the one
 * the disk had before) is kept when it fits the bus and is free; otherwise the first free name.
 * IDE has four slots (hda–hdd); hdc is usually the CD-ROM.
 */
export function chooseTarget(used: Iterable<string>, bus: "virtio" | "scsi" | "sata" | "ide", preferred?: string): string | undefined {
  const taken = new Set(used);
  const prefix = busPrefix(bus);
  if (preferred && preferred.startsWith(prefix) && !taken.has(preferred)) return preferred;
  let count = 0;
  for (const suffix of suffixes()) {
    if (bus === "ide" && count++ >= 4) return undefined;
    const name = prefix + suffix;
    if (!taken.has(name)) return name;
  }
  return undefined;
}
