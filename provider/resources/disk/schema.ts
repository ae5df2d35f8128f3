import { z } from "zod";
import { preallocationSchema } from "../../validation/preallocation";
import { diskBusSchema, diskCacheSchema, diskIoSchema, volumeTypeSchema } from "../shared/device-settings";
import { partialConnectionSchema } from "../../transport/connection-schema";
import { libvirtName, volumeBaseName } from "../../validation/names";
import { hostPath } from "../../validation/host-text";
import { effectiveLimits, limitsSchema } from "../../config/limits";
import { busPrefix } from "./targets";


/** A libvirt disk target: vd*, sd* or hd* and one or two letters (vdb, sdc, vdaa). */
const targetSchema = z.string().regex(/^(vd|sd|hd)[a-z]{1,2}$/, "must be a disk target such as vdb (virtio), sdb (scsi, sata) or hdb (ide)");

export const diskInputsSchema = z
  .object({
    connection: partialConnectionSchema.optional(),
    /** The volume is named `<name>.<type>` in the pool. Autonamed `<resource name>-<7 hex>`. */
    name: volumeBaseName,
    /** The domain the disk is attached to; absent = an unattached volume. */
    vm: libvirtName.optional(),
    /** The uuid of the VirtualMachine resource given as `vm`: a new uuid means the VM was replaced. */
    vmUuid: z.string().min(1).optional(),
    /** Storage pool. Changing it replaces the Disk. @default stack config voidvm:pool, else "default" (resolved at create, then kept) */
    pool: libvirtName.optional(),
    /** GiB. Growing is live (blockresize) when the VM runs; shrinking is refused in preview. */
    size: z.number().int().min(1),
    /** Volume format. Changing it replaces the Disk. @default "qcow2" */
    type: volumeTypeSchema.default("qcow2"),
    /**
     * The bus. virtio and scsi disks are hot-pluggable; sata and ide disks can only be attached or
     * detached while the VM is stopped. A scsi disk gets a virtio-scsi controller when the VM has no
     * SCSI controller. Changing it needs the VM stopped. @default "virtio"
     */
    interface: diskBusSchema.default("virtio"),
    /** Host cache mode. Changing it needs the VM stopped. @default the hypervisor's default */
    // "default" is the hypervisor's default, which libvirt reports as no cache at all.
    cache: diskCacheSchema.optional().transform((cache) => (cache === "default" ? undefined : cache)),
    /** I/O mode; "native" needs cache "none" or "directsync". Changing it needs the VM stopped. @default the hypervisor's default */
    io: diskIoSchema.optional(),
    /**
     * libvirt's target name: vd* for virtio, sd* for scsi and sata, hd* for ide. The guest may name
     * the disk differently (Linux numbers disks in the order it finds them).
     * @default the first free name for the bus on the VM, chosen once and then kept
     */
    target: targetSchema.optional(),
    /** Path of a qcow2 image on the host used as copy-on-write backing file. Changing it replaces the Disk. */
    baseImage: hostPath.optional(),
    /**
     * How much host disk the volume takes when it is created: "off" (sparse: it grows as the guest
     * writes), "metadata" (qcow2 only) or "full" (all of it at once). @default "off"
     */
    preallocation: preallocationSchema,
    /** Keep the volume (and its data) when the Disk is deleted; it is still detached. @default false */
    retainOnDelete: z.boolean().default(false),
    /** Override the size bounds (minDiskSize, maxDiskSize; GiB); the VM's other limits are accepted and ignored. @default stack config voidvm:limits, else 10–500 GiB */
    limits: limitsSchema.optional(),
  })
  .strict()
  .superRefine((disk, ctx) => {
    const limits = effectiveLimits(disk.limits);
    if (disk.size < limits.minDiskSize || disk.size > limits.maxDiskSize) {
      ctx.addIssue({
        code: "custom",
        path: ["size"],
        message: `${disk.size} GiB is outside ${limits.minDiskSize}–${limits.maxDiskSize} GiB (limits.minDiskSize/maxDiskSize change the bounds)`,
      });
    }
    if (disk.preallocation === "metadata" && disk.type !== "qcow2") {
      ctx.addIssue({ code: "custom", path: ["preallocation"], message: 'metadata preallocation needs type qcow2 (use "off" or "full" for raw)' });
    }
    if (disk.baseImage && disk.preallocation !== "off") {
      ctx.addIssue({ code: "custom", path: ["preallocation"], message: 'a disk on a backing image is a copy-on-write overlay: preallocation must be "off"' });
    }
    if (disk.baseImage && disk.type !== "qcow2") {
      ctx.addIssue({ code: "custom", path: ["baseImage"], message: "a backing image needs type qcow2 (raw volumes cannot have one)" });
    }
    if (disk.target && !disk.target.startsWith(busPrefix(disk.interface))) {
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message: `${disk.target} does not fit interface ${disk.interface}: use a ${busPrefix(disk.interface)}* target such as ${busPrefix(disk.interface)}b, or leave target unset`,
      });
    }
    if (disk.io === "native" && disk.cache !== "none" && disk.cache !== "directsync") {
      ctx.addIssue({ code: "custom", path: ["io"], message: `io "native" needs cache "none" or "directsync" (QEMU refuses native I/O through the host's page cache)` });
    }
    if (disk.vmUuid && !disk.vm) {
      ctx.addIssue({ code: "custom", path: ["vmUuid"], message: "vmUuid needs vm (the VM's name)" });
    }
  });

/** Validated, defaults filled in: what check returns and what the other operations receive. */
export type DiskInputs = z.output<typeof diskInputsSchema>;

/** The volume's name in its pool. */
export function diskVolumeName(inputs: Pick<DiskInputs, "name" | "type">): string {
  return `${inputs.name}.${inputs.type}`;
}
