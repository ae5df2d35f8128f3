import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { diskBusSchema, diskCacheSchema, diskIoSchema, volumeTypeSchema } from "../provider/resources/shared/device-settings";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { LimitsArgs } from "./virtual-machine";
import type { VmRef } from "./vm-ref";

export type DiskInterface = z.input<typeof diskBusSchema>;
/** `default`: the hypervisor's default (the same as leaving it out). */
export type DiskCache = z.input<typeof diskCacheSchema>;
export type DiskIo = z.input<typeof diskIoSchema>;
export type VolumeType = z.input<typeof volumeTypeSchema>;

export interface DiskArgs {
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
  /** Storage pool. Changing it replaces the Disk. @default stack config voidvm:pool, else "default" */
  pool?: pulumi.Input<string>;
  /** GiB. Growing is live (blockresize) when the VM runs; shrinking is refused in preview. */
  size: pulumi.Input<number>;
  /** Volume format. Changing it replaces the Disk. @default "qcow2" */
  type?: pulumi.Input<VolumeType>;
  /**
   * The bus. virtio and scsi disks are hot-pluggable; sata and ide disks can only be attached or
   * detached while the VM is stopped. A scsi disk gets a virtio-scsi controller when the VM has no
   * SCSI controller. Changing it needs the VM stopped. @default "virtio"
   */
  interface?: pulumi.Input<DiskInterface>;
  /** Host cache mode. Changing it needs the VM stopped. @default the hypervisor's default */
  cache?: pulumi.Input<DiskCache>;
  /** I/O mode; "native" needs cache "none" or "directsync". Changing it needs the VM stopped. @default the hypervisor's default */
  io?: pulumi.Input<DiskIo>;
  /**
   * libvirt's target name: vd* for virtio, sd* for scsi and sata, hd* for ide. The guest may name
   * the disk differently (Linux numbers disks in the order it finds them).
   * @default the first free name for the bus on the VM, chosen once and then kept
   */
  target?: pulumi.Input<string>;
  /** Path of a qcow2 image on the host used as copy-on-write backing file. Changing it replaces the Disk. */
  baseImage?: pulumi.Input<string>;
  /**
   * How much host disk the volume takes when it is created: "off" (sparse: it grows as the guest
   * writes), "metadata" (qcow2 only) or "full" (all of it at once). @default "off"
   */
  preallocation?: pulumi.Input<"off" | "metadata" | "full">;
  /** Keep the volume (and its data) when the Disk is deleted; it is still detached. @default false */
  retainOnDelete?: pulumi.Input<boolean>;
  /** Override the size bounds (minDiskSize, maxDiskSize; GiB). @default stack config voidvm:limits, else 10–500 GiB */
  limits?: pulumi.Input<LimitsArgs>;
}

/** A data disk: a libvirt volume, optionally attached to a VM. */
export class Disk extends pulumi.dynamic.Resource {
  /** The Disk's name (the volume is `<name>.<type>`). */
  declare public readonly name: pulumi.Output<string>;
  /** The pool the volume is in. */
  declare public readonly pool: pulumi.Output<string>;
  /** GiB, as the host reports it. */
  declare public readonly size: pulumi.Output<number>;
  /** The VM the disk is attached to; undefined when unattached. */
  declare public readonly vm: pulumi.Output<string | undefined>;
  declare public readonly vmUuid: pulumi.Output<string | undefined>;
  /** The target name on the VM, e.g. vdb. */
  declare public readonly target: pulumi.Output<string | undefined>;
  /** The volume's file on the host. */
  declare public readonly path: pulumi.Output<string>;
  declare public readonly capacityBytes: pulumi.Output<number>;

  constructor(name: string, args: DiskArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = [
      "name", "pool", "size", "vm", "vmUuid", "type", "interface", "cache", "io", "target", "baseImage", "preallocation", "retainOnDelete", "limits", "path", "capacityBytes",
    ];
    const props = resourceInputs(name, args, { kind: "Disk", autoname: true, outputs });
    super(dynamicProvider("Disk"), name, props, opts, "voidvm", "Disk");
  }
}
