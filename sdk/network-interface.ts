import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { interfaceModelSchema, interfaceTypeSchema } from "../provider/resources/shared/device-settings";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { VmRef } from "./vm-ref";

export type InterfaceType = z.input<typeof interfaceTypeSchema>;
export type InterfaceModel = z.input<typeof interfaceModelSchema>;

export interface BandwidthLimitArgs {
  /** Average rate in KiB/s. */
  average: pulumi.Input<number>;
  /** Peak rate in KiB/s (at least average). @default none */
  peak?: pulumi.Input<number>;
  /** KiB that may be sent at peak rate. @default none */
  burst?: pulumi.Input<number>;
}

export interface BandwidthArgs {
  /** Traffic towards the guest. @default unlimited */
  inbound?: pulumi.Input<BandwidthLimitArgs>;
  /** Traffic from the guest. @default unlimited */
  outbound?: pulumi.Input<BandwidthLimitArgs>;
}

export interface NetworkInterfaceArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /**
   * The VM to attach the interface to: a VirtualMachine resource (the interface is attached again
   * when the VM is replaced) or a domain name. Hot-plugged when the VM runs, persisted in its
   * definition either way. Changing it replaces the interface.
   */
  vm: VmRef;
  /**
   * `network`: a libvirt network (e.g. the NAT network "default"); `bridge`: a host bridge;
   * `direct`: macvtap on a host device; `user`: QEMU user networking. Changing it replaces the
   * interface (detach + attach). @default "network"
   */
  type?: pulumi.Input<InterfaceType>;
  /** The libvirt network, host bridge or host device name (none for `user`). Changing it replaces the interface. */
  source?: pulumi.Input<string>;
  /** Same as `source` with type "network". @default none */
  network?: pulumi.Input<string>;
  /** Same as `source` with type "bridge". @default none */
  bridge?: pulumi.Input<string>;
  /** Same as `source` with type "direct". @default none */
  device?: pulumi.Input<string>;
  /** NIC model. Changing it replaces the interface (detach + attach). @default "virtio" */
  model?: pulumi.Input<InterfaceModel>;
  /**
   * MAC address (unicast). Changing it replaces the interface.
   * @default a stable 52:54:00:xx:xx:xx derived from the project, stack and resource name
   */
  mac?: pulumi.Input<string>;
  /** 802.1Q VLAN tag (1-4094); needs an Open vSwitch bridge. Changing it replaces the interface. @default none */
  vlan?: pulumi.Input<number>;
  /** Bandwidth limits (Linux traffic control on the host). Change live. @default unlimited */
  bandwidth?: pulumi.Input<BandwidthArgs>;
  /**
   * A fixed IPv4 address for the guest on a libvirt-managed network (type "network"): a DHCP
   * reservation for this interface's MAC, removed again when the interface is deleted. Changes
   * live; the guest gets a changed address when it renews its lease. @default none (DHCP's choice)
   */
  fixedIpAddress?: pulumi.Input<string>;
}

/** A network interface attached to a VM as a device of its own (hot-plugged when the VM runs). */
export class NetworkInterface extends pulumi.dynamic.Resource {
  /** The MAC address: the interface's identity. */
  declare public readonly mac: pulumi.Output<string>;
  /** The guest's IPv4 address on this interface: the reservation, else its DHCP lease. */
  declare public readonly ipAddress: pulumi.Output<string | undefined>;
  /** The device on the host (`vnet3`, `macvtap0`) while the VM runs. */
  declare public readonly targetDevice: pulumi.Output<string | undefined>;
  /** Is the interface in the VM's definition (and in the running VM)? */
  declare public readonly attached: pulumi.Output<boolean>;
  declare public readonly vm: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<InterfaceType>;
  declare public readonly source: pulumi.Output<string | undefined>;
  declare public readonly model: pulumi.Output<InterfaceModel>;
  declare public readonly fixedIpAddress: pulumi.Output<string | undefined>;

  constructor(name: string, args: NetworkInterfaceArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["mac", "ipAddress", "targetDevice", "attached", "vm", "vmUuid", "type", "source", "model", "fixedIpAddress"];
    // What a generated MAC is derived from: the same in every preview and update of this resource.
    const macSeed = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    const props = resourceInputs(name, args, { kind: "NetworkInterface", outputs, extra: { macSeed } });
    super(dynamicProvider("NetworkInterface"), name, props, opts, "voidvm", "NetworkInterface");
  }
}
