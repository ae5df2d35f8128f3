import { readDomainDisks, type DomainDisks } from "../../libvirt/disk-devices";
import { isActive } from "../../libvirt/domain-state";
import { volumeInfo, type VolumeRef } from "../../libvirt/volumes";
import type { RemoteHost } from "../../transport/remote-host";
import { stripUndefined } from "../../values/strip-undefined";
import { bytesToGiB } from "./change-plan";
import { isOurDevice } from "./device-spec";
import type { DiskOutputs } from "./outputs";
import type { DiskInputs } from "./schema";

/**
 * Reads a Disk back from the host: the volume's size and path, and whether it is attached to
 * `vm` (in the persistent definition and, when the VM runs, live). A disk found on the VM reports
 * the device's settings, so changes made outside Pulumi show as a diff. Undefined when the volume
 * is gone.
 */
export async function observeDisk(
  host: RemoteHost,
  desired: DiskInputs,
  volume: VolumeRef,
  extra: { vm?: string; domain?: DomainDisks; previousTarget?: string },
): Promise<DiskOutputs | undefined> {
  const info = await volumeInfo(host, volume);
  if (!info) return undefined;
  const domain = extra.domain ?? (extra.vm ? await readDomainDisks(host, extra.vm) : undefined);
  const config = domain?.config.find((d) => isOurDevice(d, volume, info.path));
  const live = domain?.live.find((d) => isOurDevice(d, volume, info.path));
  const attached = domain !== undefined && config !== undefined && (!isActive(domain.state) || live !== undefined);
  const device = attached ? (live ?? config) : undefined;
  const outputs: DiskOutputs = {
    ...desired,
    pool: volume.pool,
    size: bytesToGiB(info.capacityBytes),
    vm: attached ? domain.name : undefined,
    vmUuid: attached ? domain.uuid : undefined,
    vmState: attached ? domain.state : undefined,
    interface: device ? device.bus : desired.interface,
    cache: device ? (device.cache === "default" ? undefined : device.cache) : desired.cache,
    io: device ? device.io : desired.io,
    target: device ? device.target : (extra.previousTarget ?? desired.target),
    volume,
    path: info.path,
    capacityBytes: info.capacityBytes,
  };
  return stripUndefined(outputs);
}
