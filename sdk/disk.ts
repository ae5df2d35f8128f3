import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { diskBusSchema, diskCacheSchema, diskIoSchema, volumeTypeSchema } from "../provider/resources/shared/device-settings";
import type { diskInputsSchema } from "../provider/resources/disk/schema";
import type { DiskOutputs } from "../provider/resources/disk/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { SchemaArgs } from "./resource-types";
import type { VmRef } from "./vm-ref";

export type DiskInterface = z.input<typeof diskBusSchema>;
/** `default`: the hypervisor's default (the same as leaving it out). */
export type DiskCache = z.input<typeof diskCacheSchema>;
export type DiskIo = z.input<typeof diskIoSchema>;
export type VolumeType = z.input<typeof volumeTypeSchema>;

export type DiskArgs = SchemaArgs<typeof diskInputsSchema> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * Name of the Disk; its volume is `<name>.<type>` in the pool. Changing it replaces the Disk
   * (a new, empty volume). @default "<resource name>-<random>"
   */
  name?: pulumi.Input<string>;
  /**
   * The VM to attach the disk to: a VirtualMachine resource (the disk follows it when it is
   * replaced) or a domain name. Hot-plugged when the VM runs, persisted in its definition either
   * way. Changing it moves the disk (detach, attach) without touching the volume.
   * @default none: an unattached volume
   */
  vm?: VmRef;
};

const outputs = [
  "name", "pool", "size", "vm", "vmUuid", "type", "interface", "cache", "io", "target", "baseImage", "preallocation", "retainOnDelete", "limits", "path", "capacityBytes",
] as const;

/** A data disk: a libvirt volume, optionally attached to a VM. */
export class Disk extends resourceClass<DiskArgs, Pick<DiskOutputs, (typeof outputs)[number]>>("Disk", { outputs, autoname: true }) {}
