import type { VolumeRef } from "../../libvirt/volumes";
import type { DiskDeviceSpec } from "../../xml/domain-spec";
import type { DiskInputs } from "./schema";

/** Pure: the `<disk>` device a Disk attaches. */
export function diskDeviceSpec(inputs: Pick<DiskInputs, "type" | "interface" | "cache" | "io">, volume: VolumeRef, target: string): DiskDeviceSpec {
  const spec: DiskDeviceSpec = { device: "disk", source: { pool: volume.pool, volume: volume.name }, format: inputs.type, bus: inputs.interface, target };
  if (inputs.cache) spec.cache = inputs.cache;
  if (inputs.io) spec.io = inputs.io;
  return spec;
}

/** Whether a device on a domain is this Disk's volume (by pool and name, or by file path). */
export function isOurDevice(device: DiskDeviceSpec, volume: VolumeRef, path: string | undefined): boolean {
  if (device.device !== "disk") return false;
  if ("pool" in device.source) return device.source.pool === volume.pool && device.source.volume === volume.name;
  return path !== undefined && path !== "" && device.source.file === path;
}
