import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { interfaceModelSchema, interfaceTypeSchema } from "../provider/resources/shared/device-settings";
import type { bandwidthLimitSchema, bandwidthSchema, nicInputsSchema } from "../provider/resources/network-interface/schema";
import type { NicOutputs } from "../provider/resources/network-interface/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { DeepInput, SchemaArgs } from "./resource-types";
import type { VmRef } from "./vm-ref";

export type InterfaceType = z.input<typeof interfaceTypeSchema>;
export type InterfaceModel = z.input<typeof interfaceModelSchema>;
export type BandwidthLimitArgs = DeepInput<z.input<typeof bandwidthLimitSchema>>;
export type BandwidthArgs = DeepInput<z.input<typeof bandwidthSchema>>;

export type NetworkInterfaceArgs = SchemaArgs<typeof nicInputsSchema, "mac" | "autoMac"> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * The VM to attach the interface to: a VirtualMachine resource (the interface is attached again
   * when the VM is replaced) or a domain name. Hot-plugged when the VM runs, persisted in its
   * definition either way. Changing it replaces the interface.
   */
  vm: VmRef;
  /** Same as `source` with type "network". @default none */
  network?: pulumi.Input<string>;
  /** Same as `source` with type "bridge". @default none */
  bridge?: pulumi.Input<string>;
  /** Same as `source` with type "direct". @default none */
  device?: pulumi.Input<string>;
  /**
   * MAC address (unicast). Changing it replaces the interface.
   * @default a stable 52:54:00:xx:xx:xx derived from the project, stack and resource name
   */
  mac?: pulumi.Input<string>;
};

const outputs = ["mac", "ipAddress", "targetDevice", "attached", "vm", "vmUuid", "type", "source", "model", "fixedIpAddress"] as const;

/** A network interface attached to a VM as a device of its own (hot-plugged when the VM runs). */
export class NetworkInterface extends resourceClass<NetworkInterfaceArgs, Pick<NicOutputs, (typeof outputs)[number]>>("NetworkInterface", {
  outputs,
  // What a generated MAC is derived from: the same in every preview and update of this resource.
  extra: (name) => ({ macSeed: `${pulumi.getProject()}/${pulumi.getStack()}/${name}` }),
}) {}
