import { ConflictError, NotFoundError, RefusedError } from "../../errors";
import type { DeviceScope, DomainDisks } from "../../libvirt/disk-devices";
import { isActive } from "../../libvirt/domain-state";
import type { VolumeRef } from "../../libvirt/volumes";
import type { DiskDeviceSpec } from "../../xml/domain-spec";
import { diskDeviceSpec, isOurDevice } from "./device-spec";
import type { DiskBus } from "../shared/device-settings";
import type { DiskInputs } from "./schema";
import { busPrefix, chooseTarget } from "./targets";

/** Where the Disk should be: a VM, with these device settings. */
export interface DesiredAttachment {
  vm: string;
  type: DiskInputs["type"];
  interface: DiskBus;
  cache?: DiskInputs["cache"];
  io?: DiskInputs["io"];
  /** Set by the program: must be free on the VM. */
  target?: string;
  /** The target the disk had before: kept when it fits the bus and is free. */
  preferredTarget?: string;
}

export interface DeviceChange {
  domain: string;
  device: DiskDeviceSpec;
  scope: DeviceScope;
}

export interface AttachmentPlan {
  detach: DeviceChange[];
  attach?: DeviceChange & { scsiController: DeviceScope };
  /** Where the disk is when the plan has run (undefined: unattached). */
  final?: { domain: string; device: DiskDeviceSpec; active: boolean };
}

const HOT_PLUGGABLE: ReadonlySet<DiskBus> = new Set(["virtio", "scsi"]);

/**
 * Pure: what to detach and attach so that the volume ends up where `desired` says (or nowhere).
 * Every check that can fail runs here, before anything changes on the host, and throws a message
 * that says what is wrong and how to fix it.
 */
export function planAttachment(args: {
  diskName: string;
  volume: VolumeRef;
  path?: string;
  /** The domains involved: where the disk was, and where it should be. */
  domains: DomainDisks[];
  desired?: DesiredAttachment;
}): AttachmentPlan {
  const { diskName, volume, path, desired } = args;
  const plan: AttachmentPlan = { detach: [] };
  for (const domain of args.domains) {
    const config = domain.config.find((d) => isOurDevice(d, volume, path));
    const live = domain.live.find((d) => isOurDevice(d, volume, path));
    const isTarget = desired !== undefined && domain.name === desired.vm;
    if (isTarget) {
      planTarget(plan, diskName, volume, domain, desired, config, live);
    } else if (config || live) {
      const device = (live ?? config)!;
      refuseUnplug(diskName, domain, device, !!live);
      plan.detach.push({ domain: domain.name, device, scope: { live: !!live, config: !!config } });
    }
  }
  if (desired && !args.domains.some((d) => d.name === desired.vm)) {
    throw new Error(`planAttachment: the domain ${desired.vm} was not read`);
  }
  return plan;
}

function planTarget(
  plan: AttachmentPlan,
  diskName: string,
  volume: VolumeRef,
  domain: DomainDisks,
  desired: DesiredAttachment,
  config: DiskDeviceSpec | undefined,
  live: DiskDeviceSpec | undefined,
): void {
  if (domain.state === "absent") {
    throw new NotFoundError(
      `VM "${desired.vm}" does not exist, so Disk "${diskName}" cannot be attached to it. Create the VM first ` +
        `(pass the VirtualMachine resource as vm, so that Pulumi creates it before the Disk), or correct the name.`,
    );
  }
  const active = isActive(domain.state);
  const matches = (device: DiskDeviceSpec | undefined) =>
    device !== undefined &&
    device.bus === desired.interface &&
    device.format === desired.type &&
    (device.cache ?? undefined) === desired.cache &&
    (device.io ?? undefined) === desired.io &&
    (desired.target ? device.target === desired.target : device.target.startsWith(busPrefix(desired.interface)));
  const present = (config || live)!;
  const configOk = !!config && matches(config);
  const liveOk = !active || (!!live && matches(live));
  if ((config || live) && configOk && liveOk) {
    plan.final = { domain: domain.name, device: config!, active };
    return;
  }
  if (domain.state === "suspended") throw suspendedError(diskName, domain.name);
  const stale = [config, live].filter((d): d is DiskDeviceSpec => d !== undefined && !matches(d));
  if (stale.length) {
    // The disk is on this VM with other settings: unplug it and plug it again, only while stopped.
    if (live && !matches(live)) throw coldDeviceChangeError(diskName, domain.name, changedSettings(live, desired));
    if (config && !matches(config)) plan.detach.push({ domain: domain.name, device: config, scope: { live: false, config: true } });
  }
  const keep = (d: DiskDeviceSpec | undefined) => d !== undefined && matches(d);
  const scope: DeviceScope = { config: !keep(config), live: active && !keep(live) };
  const existing = keep(live) ? live : keep(config) ? config : undefined;
  let target = existing?.target;
  if (!target) {
    const ours = (d: DiskDeviceSpec) => isOurDevice(d, volume, undefined) || d === present;
    const used = [...domain.config, ...domain.live].filter((d) => !ours(d)).map((d) => d.target);
    if (desired.target) {
      const holder = [...domain.config, ...domain.live].find((d) => d.target === desired.target && !ours(d));
      if (holder) {
        throw new ConflictError(
          `Target ${desired.target} on VM "${domain.name}" is already used by ${describeSource(holder)}, so Disk "${diskName}" cannot take it. ` +
            `Choose another target, or leave target unset to use the first free ${busPrefix(desired.interface)}* name.`,
        );
      }
      target = desired.target;
    } else {
      target = chooseTarget(used, desired.interface, desired.preferredTarget);
      if (!target) {
        throw new ConflictError(`VM "${domain.name}" has no free ${busPrefix(desired.interface)}* target left for Disk "${diskName}" (interface ${desired.interface}).`);
      }
    }
  }
  if (scope.live && !HOT_PLUGGABLE.has(desired.interface)) throw notHotPluggableError(diskName, domain.name, desired.interface);
  const device = diskDeviceSpec(desired, volume, target);
  const needsController = desired.interface === "scsi";
  plan.attach = {
    domain: domain.name,
    device,
    scope,
    scsiController: {
      live: needsController && scope.live && !domain.scsiController.live,
      config: needsController && scope.config && !domain.scsiController.config,
    },
  };
  plan.final = { domain: domain.name, device, active };
}

function refuseUnplug(diskName: string, domain: DomainDisks, device: DiskDeviceSpec, live: boolean): void {
  if (domain.state === "suspended") throw suspendedError(diskName, domain.name);
  if (!live) return;
  if (domain.state === "paused") {
    throw new RefusedError(
      `VM "${domain.name}" is paused, and a paused guest cannot release disk ${device.target} of Disk "${diskName}" ` +
        `(a hot-unplug needs the guest to answer). Resume the VM (state: "running") or stop it, then run pulumi up again.`,
    );
  }
  if (!HOT_PLUGGABLE.has(device.bus)) throw notHotPluggableError(diskName, domain.name, device.bus);
}

function suspendedError(diskName: string, vm: string): Error {
  return new RefusedError(
    `VM "${vm}" is suspended (its memory is saved to disk), so Disk "${diskName}" cannot be attached, detached or resized now: ` +
      `the restored VM would not match its saved state. Set the VM's state to "running" or "stopped" first, then run pulumi up again.`,
  );
}

function notHotPluggableError(diskName: string, vm: string, bus: DiskBus): Error {
  return new RefusedError(
    `Disk "${diskName}" uses interface ${bus}, and ${bus} disks cannot be hot-plugged or hot-unplugged while VM "${vm}" runs ` +
      `(on the pc machine type only virtio and scsi disks can). Nothing was changed. Stop the VM (state: "stopped") ` +
      `and run pulumi up again, or use interface virtio or scsi.`,
  );
}

/** The message for a change of bus, target, cache or io of a disk on a running VM (also used in preview). */
export function coldDeviceChangeError(diskName: string, vm: string, properties: string[]): Error {
  return new RefusedError(
    `Changing ${properties.join(", ")} of Disk "${diskName}" needs VM "${vm}" to be stopped: libvirt cannot change a disk's ` +
      `interface, target, cache or io mode while the VM runs, and unplugging a disk the guest may be using could lose data. ` +
      `Stop the VM (state: "stopped") and run pulumi up, then make this change, then start the VM again.`,
  );
}

function changedSettings(device: DiskDeviceSpec, desired: DesiredAttachment): string[] {
  const changed: string[] = [];
  if (device.bus !== desired.interface) changed.push("interface");
  if (desired.target && device.target !== desired.target) changed.push("target");
  if ((device.cache ?? undefined) !== desired.cache) changed.push("cache");
  if ((device.io ?? undefined) !== desired.io) changed.push("io");
  if (device.format !== desired.type) changed.push("type");
  return changed.length ? changed : ["the device"];
}

function describeSource(device: DiskDeviceSpec): string {
  return "pool" in device.source ? `volume ${device.source.volume} (pool ${device.source.pool})` : `file ${device.source.file || "(none)"}`;
}
