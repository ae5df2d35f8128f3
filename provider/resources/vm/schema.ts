import { z } from "zod";
import { cloudInitSchema } from "../../cloud-init/schema";
import { diskCacheSchema, diskIoSchema, interfaceModelSchema, interfaceTypeSchema, volumeTypeSchema } from "../shared/device-settings";
import { partialConnectionSchema } from "../../transport/connection-schema";
import { libvirtName, macAddress, VOLUME_NAME_MARKUP, VOLUME_NAME_MARKUP_REASON } from "../../validation/names";
import { effectiveLimits, limitsSchema } from "../../config/limits";
import { preallocationSchema } from "../../validation/preallocation";
import { hostPath, oneLine, xmlText } from "../../validation/host-text";

const absolutePath = hostPath;
/** An Image's volume as "pool/volume" (neither may contain "/"). */
const imageRefSchema = z
  .string()
  .regex(/^[^/\0\n]+\/[^/\0\n]+$/, 'must be an Image or "pool/volume" such as "default/debian-12.qcow2"')
  .refine((v) => libvirtName.safeParse(v.split("/")[0]).success && libvirtName.safeParse(v.split("/")[1]).success, "must name a pool and a volume by their libvirt names");

export const cpuSchema = z
  .object({
    /** vCPU cores per socket now; changes live up to maxCores. @default 1 */
    cores: z.number().int().min(1).default(1),
    /** Cores per socket the VM can grow to without a restart (changing it needs one). @default cores */
    maxCores: z.number().int().min(1).optional(),
    /** @default 1 */
    threads: z.number().int().min(1).default(1),
    /** @default 1 */
    sockets: z.number().int().min(1).default(1),
    /** `host-passthrough`, `host-model` or a QEMU CPU model name. @default the hypervisor's default model */
    model: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be host-passthrough, host-model or a CPU model name such as Skylake-Server").optional(),
    /** CPU flags to require (`+vmx`) or disable (`-svm`). @default [] */
    features: z.array(z.string().regex(/^[+-][a-z0-9_.-]+$/, "must look like +vmx or -svm")).default([]),
  })
  .strict();

export const memorySchema = z
  .object({
    /** MiB. Changes live up to maxSize. */
    size: z.number().int().min(1),
    /** MiB; the ceiling for live changes (a change of it needs a restart). @default size */
    maxSize: z.number().int().min(1).optional(),
    /** @default false */
    hugepages: z.boolean().default(false),
    /** Guest NUMA cells: which vCPUs (e.g. "0-1") and how much memory (MiB) each holds; their memory must add up to maxSize. @default none */
    numa: z
      .array(z.object({ cpus: z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, "must be a vCPU list such as 0-1 or 0,2"), memory: z.number().int().min(1) }).strict())
      .optional(),
  })
  .strict();

export const rootDiskSchema = z
  .object({
    /** GiB. Growing is live; shrinking is refused. */
    size: z.number().int().min(1),
    /** @default "qcow2" */
    type: volumeTypeSchema.default("qcow2"),
    /** @default the hypervisor's default */
    cache: diskCacheSchema.optional(),
    /** @default the hypervisor's default */
    io: diskIoSchema.optional(),
    /** Storage pool. @default stack config voidvm:pool, else "default" */
    pool: libvirtName.optional(),
    /** Path of a qcow2 image on the host used as copy-on-write backing file. */
    baseImage: absolutePath.optional(),
    /**
     * The root disk from an Image (or its volume as "pool/volume"; the SDK turns an Image into
     * that). The disk grows to `size`; a size smaller than the image is refused before anything is
     * created. Changing it replaces the VM. @default none: an empty disk
     */
    image: imageRefSchema.optional(),
    /**
     * With image: "cow", a qcow2 overlay backed by the image (fast, thin; the image must stay), or
     * "full", an independent copy (in disk.type's format). Changing it replaces the VM. @default "cow"
     */
    clone: z.enum(["cow", "full"]).optional(),
    /**
     * How much of the volume is allocated when it is created: `off` (sparse: host disk is used as
     * the guest writes), `metadata` (qcow2 only: its metadata up front) or `full` (every byte at
     * once). Applies when the volume is created. @default "off"
     */
    preallocation: preallocationSchema,
  })
  .strict();

export const inlineInterfaceSchema = z
  .object({
    /** @default "network" */
    type: interfaceTypeSchema.default("network"),
    /** Network, bridge or host device name. */
    source: z.string().regex(/^[A-Za-z0-9_.:-]+$/, "must be a network, bridge or device name").optional(),
    /** @default "virtio" */
    model: interfaceModelSchema.default("virtio"),
    /** @default assigned by libvirt */
    mac: macAddress.optional(),
  })
  .strict();

export const osSchema = z
  .object({
    /** ISO image on the host, attached as a CD-ROM. */
    isoPath: absolutePath.optional(),
    /** @default ["hd"] */
    bootOrder: z.array(z.enum(["hd", "cdrom", "network", "fd"])).min(1).default(["hd"]),
    /** Direct kernel boot: kernel path on the host. */
    kernel: absolutePath.optional(),
    initrd: absolutePath.optional(),
    cmdline: oneLine(z.string().max(4096)).optional(),
  })
  .strict();

export const vncSchema = z
  .object({
    /** @default true */
    enabled: z.boolean().default(true),
    /** At most 8 characters. Kept secret. */
    password: oneLine(z.string().min(1).max(8, "VNC passwords are at most 8 characters (the VNC protocol's limit)")).optional(),
    /** @default "auto" */
    port: z.union([z.literal("auto"), z.number().int().min(5900).max(65535)]).default("auto"),
    /** @default "127.0.0.1" */
    listen: z.string().ip("must be an IP address such as 127.0.0.1").default("127.0.0.1"),
    keymap: z.string().regex(/^[a-z]{2}(-[a-z]+)?$/, "must be a keymap such as en-us").optional(),
  })
  .strict();

export const vmStateSchema = z.enum(["running", "stopped", "paused", "suspended"]);

export const vmInputsSchema = z
  .object({
    connection: partialConnectionSchema.optional(),
    /** Domain name, unique per host; UTF-8 allowed. Autonamed `<resource name>-<7 hex>`. */
    name: libvirtName,
    description: xmlText(8192).optional(),
    /** @default { cores: 1 } */
    cpu: cpuSchema.default({}),
    memory: memorySchema,
    /** The root disk, created in a pool and owned by this VM. @default none */
    disk: rootDiskSchema.optional(),
    /** @default no interfaces */
    network: z.object({ interfaces: z.array(inlineInterfaceSchema).default([]) }).strict().default({}),
    os: osSchema.default({}),
    /** @default no VNC */
    vnc: vncSchema.optional(),
    /**
     * A cloud-init NoCloud seed built on the host and attached as a read-only CD-ROM
     * (docs/cloud-init.md). Changing it replaces the VM. Kept secret. @default none
     */
    cloudInit: cloudInitSchema.optional(),
    /** @default false */
    autostart: z.boolean().default(false),
    /** @default "running" */
    state: vmStateSchema.default("running"),
    /** Seconds of graceful ACPI shutdown before a forced stop. @default 30 */
    stopTimeout: z.number().int().min(0).max(3600).default(30),
    /** May VoidVM restart the VM to apply a cold change? @default false */
    allowRestart: z.boolean().default(false),
    /**
     * Wait for the guest's first DHCP lease before create (or a start by an update) returns:
     * seconds, or true for 300. A create that gets no lease in time fails and removes the VM again.
     * Without it, ipAddresses holds whatever leases exist when the VM has started; refresh fills
     * them in later. @default false
     */
    waitForIp: z.union([z.boolean(), z.number().int().min(1).max(3600)]).default(false),
    /** Manage an existing domain of the same name instead of failing. @default false */
    adopt: z.boolean().default(false),
    /** Override the product's bounds (vCPUs, memory, disk size). @default stack config voidvm:limits */
    limits: limitsSchema.optional(),
  })
  .strict()
  .superRefine((vm, ctx) => {
    const limits = effectiveLimits(vm.limits);
    const vcpus = vcpuCeiling(vm.cpu);
    if (vcpus > limits.maxVcpus) {
      ctx.addIssue({ code: "custom", path: ["cpu"], message: `(max)cores × threads × sockets = ${vcpus} vCPUs, more than the limit of ${limits.maxVcpus} (raise limits.maxVcpus to allow it)` });
    }
    if (vm.cpu.maxCores !== undefined && vm.cpu.maxCores < vm.cpu.cores) {
      ctx.addIssue({ code: "custom", path: ["cpu", "maxCores"], message: `maxCores (${vm.cpu.maxCores}) must be at least cores (${vm.cpu.cores})` });
    }
    if (vm.memory.numa) {
      const total = vm.memory.numa.reduce((sum, cell) => sum + cell.memory, 0);
      if (total !== (vm.memory.maxSize ?? vm.memory.size)) {
        ctx.addIssue({ code: "custom", path: ["memory", "numa"], message: `the NUMA cells hold ${total} MiB, but they must add up to the VM's maximum memory (${vm.memory.maxSize ?? vm.memory.size} MiB)` });
      }
    }
    if (vm.vnc?.password && !vm.vnc.enabled) {
      ctx.addIssue({ code: "custom", path: ["vnc", "password"], message: "a VNC password needs vnc.enabled: true" });
    }
    const max = memoryCeiling(vm.memory);
    for (const [key, value] of [["size", vm.memory.size], ["maxSize", max]] as const) {
      if (value < limits.minMemory || value > limits.maxMemory) {
        ctx.addIssue({ code: "custom", path: ["memory", key], message: `${value} MiB is outside ${limits.minMemory}–${limits.maxMemory} MiB (limits.minMemory/maxMemory change the bounds)` });
      }
    }
    if (vm.memory.maxSize !== undefined && vm.memory.maxSize < vm.memory.size) {
      ctx.addIssue({ code: "custom", path: ["memory", "maxSize"], message: `maxSize (${vm.memory.maxSize} MiB) must be at least size (${vm.memory.size} MiB)` });
    }
    if (vm.disk && (vm.disk.size < limits.minDiskSize || vm.disk.size > limits.maxDiskSize)) {
      ctx.addIssue({ code: "custom", path: ["disk", "size"], message: `${vm.disk.size} GiB is outside ${limits.minDiskSize}–${limits.maxDiskSize} GiB (limits.minDiskSize/maxDiskSize change the bounds)` });
    }
    if (vm.disk?.preallocation === "metadata" && vm.disk.type !== "qcow2") {
      ctx.addIssue({ code: "custom", path: ["disk", "preallocation"], message: 'metadata preallocation needs disk.type qcow2 (use "off" or "full" for raw)' });
    }
    if (vm.disk?.baseImage && vm.disk.preallocation !== "off") {
      ctx.addIssue({ code: "custom", path: ["disk", "preallocation"], message: 'a disk on a backing image is a copy-on-write overlay: preallocation must be "off"' });
    }
    if (vm.disk?.baseImage && vm.disk.type !== "qcow2") {
      ctx.addIssue({ code: "custom", path: ["disk", "baseImage"], message: "a backing image needs disk.type qcow2" });
    }
    if (vm.disk?.image !== undefined && vm.disk.baseImage !== undefined) {
      ctx.addIssue({ code: "custom", path: ["disk", "image"], message: "choose either disk.image (an Image) or disk.baseImage (a file path), not both" });
    }
    if (vm.disk?.clone !== undefined && vm.disk.image === undefined) {
      ctx.addIssue({ code: "custom", path: ["disk", "clone"], message: "clone applies to a disk from an image: give disk.image too" });
    }
    if (vm.disk?.image !== undefined && (vm.disk.clone ?? "cow") === "cow") {
      if (vm.disk.type !== "qcow2") {
        ctx.addIssue({ code: "custom", path: ["disk", "type"], message: 'a copy-on-write clone is a qcow2 overlay: use type "qcow2", or clone: "full" for a raw copy' });
      }
      if (vm.disk.preallocation !== "off") {
        ctx.addIssue({ code: "custom", path: ["disk", "preallocation"], message: 'a copy-on-write clone is an overlay: preallocation must be "off" (or use clone: "full")' });
      }
    }
    if (vm.os.initrd && !vm.os.kernel) {
      ctx.addIssue({ code: "custom", path: ["os", "initrd"], message: "an initrd needs os.kernel (direct kernel boot)" });
    }
    if (vm.os.kernel && vm.os.isoPath) {
      ctx.addIssue({ code: "custom", path: ["os"], message: "choose either direct kernel boot (kernel/initrd/cmdline) or an ISO (isoPath), not both" });
    }
    if (!vm.disk && !vm.os.kernel && !vm.os.isoPath) {
      ctx.addIssue({ code: "custom", path: ["os"], message: "the VM has nothing to boot: give a root disk, os.isoPath or os.kernel" });
    }
    if ((vm.disk || vm.cloudInit) && !vm.adopt && VOLUME_NAME_MARKUP.test(vm.name)) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `${VOLUME_NAME_MARKUP_REASON} (a VM with a root disk or cloudInit names its volumes after itself)` });
    }
    if (vm.cloudInit && vm.adopt) {
      ctx.addIssue({ code: "custom", path: ["cloudInit"], message: "cloudInit seeds a new instance and cannot be given with adopt: true (an adopted domain keeps its own disks)" });
    }
    vm.network.interfaces.forEach((nic, i) => {
      if (nic.type !== "user" && !nic.source) {
        ctx.addIssue({ code: "custom", path: ["network", "interfaces", i, "source"], message: `a ${nic.type} interface needs a source (network, bridge or host device name)` });
      }
    });
  });

/** The vCPUs a VM can reach without a restart: (maxCores ?? cores) × threads × sockets. */
export function vcpuCeiling(cpu: Pick<z.output<typeof cpuSchema>, "cores" | "maxCores" | "threads" | "sockets">): number {
  return (cpu.maxCores ?? cpu.cores) * cpu.threads * cpu.sockets;
}

/** The memory (MiB) a VM can reach without a restart: maxSize, else size. */
export function memoryCeiling(memory: Pick<z.output<typeof memorySchema>, "size" | "maxSize">): number {
  return memory.maxSize ?? memory.size;
}

/** Validated, defaults filled in: what check returns and what the other operations receive. */
export type VmInputs = z.output<typeof vmInputsSchema>;

/** Seconds to wait for a DHCP lease: waitForIp as a number (true = 300), 0 for no wait. */
export function waitForIpSeconds(inputs: Pick<VmInputs, "waitForIp">): number {
  if (inputs.waitForIp === true) return DEFAULT_WAIT_FOR_IP_SECONDS;
  return inputs.waitForIp === false ? 0 : inputs.waitForIp;
}

export const DEFAULT_WAIT_FOR_IP_SECONDS = 300;
