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
    /** @default stack config voidvm:pool, else "default" (resolved at create, then kept). */
    pool: libvirtName.optional(),
    /** GiB. Growing is live; shrinking is refused. */
    size: z.number().int().min(1),
    type: volumeTypeSchema.default("qcow2"),
    interface: diskBusSchema.default("virtio"),
    // "default" is the hypervisor's default, which libvirt reports as no cache at all.
    cache: diskCacheSchema.optional().transform((cache) => (cache === "default" ? undefined : cache)),
    io: diskIoSchema.optional(),
    /** libvirt's target name; absent = the first free name for the bus on the VM, then kept. */
    target: targetSchema.optional(),
    /** A volume path on the host used as copy-on-write backing file (qcow2 only). */
    baseImage: hostPath.optional(),
    /** How much of the volume is allocated when it is created (see validation/preallocation.ts). */
    preallocation: preallocationSchema,
    /** Keep the volume when the Disk is deleted (it is still detached). */
    retainOnDelete: z.boolean().default(false),
    /** Bounds of size (minDiskSize, maxDiskSize); the VM's other limits are accepted and ignored. */
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
