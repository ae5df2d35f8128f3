import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./connection";
import type { z } from "zod";
import type { vmStateSchema } from "../provider/resources/vm/schema";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { DiskCache, DiskIo, VolumeType } from "./disk";
import type { InterfaceModel, InterfaceType } from "./network-interface";
import type { CloudInitArgs } from "./cloud-init";
import { imageRefInput, type ImageRef } from "./image-ref";

export type VmState = z.input<typeof vmStateSchema>;

export interface CpuArgs {
  /** vCPU cores per socket now; changes live up to maxCores. @default 1 */
  cores?: pulumi.Input<number>;
  /** Cores per socket the VM can grow to without a restart (changing it needs one). @default cores */
  maxCores?: pulumi.Input<number>;
  /** @default 1 */
  threads?: pulumi.Input<number>;
  /** @default 1 */
  sockets?: pulumi.Input<number>;
  /** `host-passthrough`, `host-model` or a CPU model name. @default the hypervisor's default model */
  model?: pulumi.Input<string>;
  /** CPU flags to require (`+vmx`) or disable (`-svm`). @default [] */
  features?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface MemoryArgs {
  /** MiB. Changes live up to maxSize. */
  size: pulumi.Input<number>;
  /** MiB; the ceiling for live changes (a change of it needs a restart). @default size */
  maxSize?: pulumi.Input<number>;
  /** @default false */
  hugepages?: pulumi.Input<boolean>;
  /** Guest NUMA cells; their memory must add up to maxSize. @default none */
  numa?: pulumi.Input<pulumi.Input<{ cpus: pulumi.Input<string>; memory: pulumi.Input<number> }>[]>;
}

export interface RootDiskArgs {
  /** GiB. Growing is live; shrinking is refused. */
  size: pulumi.Input<number>;
  /** @default "qcow2" */
  type?: pulumi.Input<VolumeType>;
  /** @default the hypervisor's default */
  cache?: pulumi.Input<DiskCache>;
  /** @default the hypervisor's default */
  io?: pulumi.Input<DiskIo>;
  /** Storage pool. @default stack config voidvm:pool, else "default" */
  pool?: pulumi.Input<string>;
  /** Path of a qcow2 image on the host used as copy-on-write backing file. */
  baseImage?: pulumi.Input<string>;
  /**
   * The root disk from an {@link Image} (or its volume as "pool/volume"). The disk grows to `size`;
   * a size smaller than the image is refused before anything is created. Changing it replaces the VM.
   * @default none: an empty disk
   */
  image?: pulumi.Input<string> | ImageRef;
  /**
   * With image: "cow", a qcow2 overlay backed by the image (fast, thin; the image must stay), or
   * "full", an independent copy (in disk.type's format). Changing it replaces the VM. @default "cow"
   */
  clone?: pulumi.Input<"cow" | "full">;
  /**
   * How much host disk the volume takes when it is created: "off" (sparse: it grows as the guest
   * writes), "metadata" (qcow2 only) or "full" (all of it at once). @default "off"
   */
  preallocation?: pulumi.Input<"off" | "metadata" | "full">;
}

export interface InlineInterfaceArgs {
  /** @default "network" */
  type?: pulumi.Input<InterfaceType>;
  /** Network, bridge or host device name. */
  source?: pulumi.Input<string>;
  /** @default "virtio" */
  model?: pulumi.Input<InterfaceModel>;
  /** @default assigned by libvirt */
  mac?: pulumi.Input<string>;
}

export interface OsArgs {
  /** ISO image on the host, attached as a CD-ROM. */
  isoPath?: pulumi.Input<string>;
  /** @default ["hd"] */
  bootOrder?: pulumi.Input<pulumi.Input<"hd" | "cdrom" | "network" | "fd">[]>;
  /** Direct kernel boot: kernel path on the host. */
  kernel?: pulumi.Input<string>;
  initrd?: pulumi.Input<string>;
  cmdline?: pulumi.Input<string>;
}

export interface VncArgs {
  /** @default true */
  enabled?: pulumi.Input<boolean>;
  /** At most 8 characters. Kept secret. */
  password?: pulumi.Input<string>;
  /** @default "auto" */
  port?: pulumi.Input<number | "auto">;
  /** @default "127.0.0.1" */
  listen?: pulumi.Input<string>;
  keymap?: pulumi.Input<string>;
}

export interface LimitsArgs {
  /** @default 16 */ maxVcpus?: pulumi.Input<number>;
  /** MiB. @default 512 */ minMemory?: pulumi.Input<number>;
  /** MiB. @default 32768 */ maxMemory?: pulumi.Input<number>;
  /** GiB. @default 10 */ minDiskSize?: pulumi.Input<number>;
  /** GiB. @default 500 */ maxDiskSize?: pulumi.Input<number>;
}

export interface VirtualMachineArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Domain name, unique per host; UTF-8 allowed. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** @default { cores: 1 } */
  cpu?: pulumi.Input<CpuArgs>;
  memory: pulumi.Input<MemoryArgs>;
  /** The root disk, created in a pool and owned by this VM. @default none */
  disk?: pulumi.Input<RootDiskArgs>;
  /** @default no interfaces */
  network?: pulumi.Input<{ interfaces?: pulumi.Input<pulumi.Input<InlineInterfaceArgs>[]> }>;
  os?: pulumi.Input<OsArgs>;
  /** @default no VNC */
  vnc?: pulumi.Input<VncArgs>;
  /** A cloud-init NoCloud seed (docs/cloud-init.md). Changing it replaces the VM. Kept secret. @default none */
  cloudInit?: pulumi.Input<CloudInitArgs>;
  /** @default false */
  autostart?: pulumi.Input<boolean>;
  /** @default "running" */
  state?: pulumi.Input<VmState>;
  /**
   * Wait for the guest's first DHCP lease before create (or a start by an update) returns: seconds,
   * or true for 300. A create that gets no lease in time fails and removes the VM again. Without it,
   * ipAddresses holds whatever leases exist when the VM has started; refresh fills them in later.
   * @default false
   */
  waitForIp?: pulumi.Input<boolean | number>;
  /** Seconds of graceful ACPI shutdown before a forced stop. @default 30 */
  stopTimeout?: pulumi.Input<number>;
  /** May VoidVM restart the VM to apply a cold change? @default false */
  allowRestart?: pulumi.Input<boolean>;
  /** Manage an existing domain of the same name instead of failing. @default false */
  adopt?: pulumi.Input<boolean>;
  /** Override the product's bounds (vCPUs, memory, disk size). @default stack config voidvm:limits */
  limits?: pulumi.Input<LimitsArgs>;
}

/** A libvirt virtual machine. */
export class VirtualMachine extends pulumi.dynamic.Resource {
  /** The domain name. */
  declare public readonly name: pulumi.Output<string>;
  declare public readonly uuid: pulumi.Output<string>;
  /** The state the host reported at the last read. */
  declare public readonly state: pulumi.Output<VmState>;
  /** IPv4 addresses from the DHCP leases of the VM's networks. */
  declare public readonly ipAddresses: pulumi.Output<string[]>;
  declare public readonly macAddresses: pulumi.Output<string[]>;
  /** Where the VNC server listens while the VM runs; reach it through an SSH tunnel. */
  declare public readonly vncEndpoint: pulumi.Output<{ host: string; port: number; display: number } | undefined>;
  declare public readonly domainXml: pulumi.Output<string>;

  constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["name", "state", "uuid", "ipAddresses", "macAddresses", "inlineMacs", "vncEndpoint", "domainXml", "seedVolume"];
    const extra = {
      disk: rootDiskInput(args.disk),
      vnc: args.vnc === undefined ? undefined : pulumi.secret(args.vnc),
      // User-data may hold secrets: the whole seed stays secret in the state.
      cloudInit: args.cloudInit === undefined ? undefined : pulumi.secret(args.cloudInit),
    };
    const props = resourceInputs(name, args, { kind: "VirtualMachine", autoname: true, outputs, extra });
    super(dynamicProvider("VirtualMachine"), name, props, opts, "voidvm", "VirtualMachine");
  }
}

/** The root disk with an Image object turned into "pool/volume" (which also makes the VM depend on it). */
function rootDiskInput(disk: VirtualMachineArgs["disk"]): pulumi.Input<unknown> | undefined {
  if (disk === undefined || pulumi.Output.isInstance(disk) || disk instanceof Promise) return disk;
  const plain = disk as RootDiskArgs;
  return plain.image === undefined ? plain : { ...plain, image: imageRefInput(plain.image) };
}
