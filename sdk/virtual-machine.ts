import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { limitsSchema } from "../provider/config/limits";
import type { cpuSchema, inlineInterfaceSchema, memorySchema, osSchema, rootDiskSchema, vmInputsSchema, vmStateSchema, vncSchema } from "../provider/resources/vm/schema";
import type { VmOutputs } from "../provider/resources/vm/outputs";
import type { ConnectionArgs } from "./connection";
import { imageRefInput, type ImageRef } from "./image-ref";
import { resourceClass } from "./resource-class";
import type { InputsOf, SchemaArgs } from "./resource-types";

export type VmState = z.input<typeof vmStateSchema>;
export type CpuArgs = InputsOf<z.input<typeof cpuSchema>>;
export type MemoryArgs = InputsOf<z.input<typeof memorySchema>>;
export type InlineInterfaceArgs = InputsOf<z.input<typeof inlineInterfaceSchema>>;
export type OsArgs = InputsOf<z.input<typeof osSchema>>;
export type VncArgs = InputsOf<z.input<typeof vncSchema>>;
export type LimitsArgs = InputsOf<z.input<typeof limitsSchema>>;

export type RootDiskArgs = InputsOf<Omit<z.input<typeof rootDiskSchema>, "image">> & {
  /**
   * The root disk from an {@link Image} (or its volume as "pool/volume"). The disk grows to `size`;
   * a size smaller than the image is refused before anything is created. Changing it replaces the VM.
   * @default none: an empty disk
   */
  image?: pulumi.Input<string> | ImageRef;
};

export type VirtualMachineArgs = SchemaArgs<typeof vmInputsSchema, "disk"> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Domain name, unique per host; UTF-8 allowed. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
  /** The root disk, created in a pool and owned by this VM. @default none */
  disk?: pulumi.Input<RootDiskArgs>;
};

const outputs = ["name", "state", "uuid", "ipAddresses", "macAddresses", "inlineMacs", "vncEndpoint", "domainXml", "seedVolume"] as const;

/** A libvirt virtual machine. */
export class VirtualMachine extends resourceClass<VirtualMachineArgs, Pick<VmOutputs, (typeof outputs)[number]>>("VirtualMachine", {
  outputs,
  autoname: true,
  extra: (_name, args) => ({
    disk: rootDiskInput(args.disk),
    vnc: args.vnc === undefined ? undefined : pulumi.secret(args.vnc),
    // User-data may hold secrets: the whole seed stays secret in the state.
    cloudInit: args.cloudInit === undefined ? undefined : pulumi.secret(args.cloudInit),
  }),
}) {}

/** The root disk with an Image object turned into "pool/volume" (which also makes the VM depend on it). */
function rootDiskInput(disk: VirtualMachineArgs["disk"]): pulumi.Input<unknown> | undefined {
  if (disk === undefined || pulumi.Output.isInstance(disk) || disk instanceof Promise) return disk;
  const plain = disk as RootDiskArgs;
  return plain.image === undefined ? plain : { ...plain, image: imageRefInput(plain.image) };
}
