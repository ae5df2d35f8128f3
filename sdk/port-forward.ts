import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { VmRef } from "./vm-ref";

export interface PortForwardRuleArgs {
  /** @default "tcp" */
  protocol?: pulumi.Input<"tcp" | "udp">;
  /** Port on the host, or a range such as "8000-8010". */
  hostPort: pulumi.Input<number | string>;
  /** Port in the guest. A range is forwarded to the same port numbers. @default hostPort */
  guestPort?: pulumi.Input<number | string>;
  /** The host address that takes connections: "127.0.0.1" for the host only. @default every address of the host */
  hostIp?: pulumi.Input<string>;
}

export interface PortForwardArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM to forward to: a VirtualMachine resource or a domain name. */
  vm: VmRef;
  /** Which of the VM's interfaces to forward to, by MAC (e.g. a NetworkInterface's mac). @default the VM's first interface */
  mac?: pulumi.Input<string>;
  /**
   * Forward to this address instead of the guest's DHCP address (looked up on every apply and
   * refresh). @default the reservation or lease of the chosen interface
   */
  guestIp?: pulumi.Input<string>;
  /** What to forward. Each host port/protocol/address can be forwarded by one PortForward only. */
  rules: pulumi.Input<pulumi.Input<PortForwardRuleArgs>[]>;
}

/**
 * Host ports forwarded to a VM with nftables on the host (table `ip voidvm`), for TCP and UDP,
 * from other machines and from the host itself (127.0.0.1 included). Survives restarts of the
 * VM and of libvirtd, and a reboot of the host (see docs/port-forward.md).
 */
export class PortForward extends pulumi.dynamic.Resource {
  /** The tag of this forward's rules on the host: `comment "voidvm:<forwardId>"`. */
  declare public readonly forwardId: pulumi.Output<string>;
  /** The guest address the rules send to. */
  declare public readonly forwardedTo: pulumi.Output<string | undefined>;
  /** The guest's address at the last apply or refresh; differs from forwardedTo when the guest moved. */
  declare public readonly guestAddress: pulumi.Output<string | undefined>;
  declare public readonly rules: pulumi.Output<Array<{ protocol: "tcp" | "udp"; hostPort: number | string; guestPort: number | string; hostIp?: string }>>;
  declare public readonly vm: pulumi.Output<string>;

  constructor(name: string, args: PortForwardArgs, opts?: pulumi.CustomResourceOptions) {
    const props = resourceInputs(name, args, { kind: "PortForward", outputs: ["forwardId", "forwardedTo", "guestAddress", "rules", "vm", "vmUuid"] });
    super(dynamicProvider("PortForward"), name, props, opts, "voidvm", "PortForward");
  }
}
