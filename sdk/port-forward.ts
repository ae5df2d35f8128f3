import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { forwardRuleSchema, portForwardInputsSchema } from "../provider/resources/port-forward/schema";
import type { PortForwardOutputs } from "../provider/resources/port-forward/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { DeepInput, SchemaArgs } from "./resource-types";
import type { VmRef } from "./vm-ref";

export type PortForwardRuleArgs = DeepInput<z.input<typeof forwardRuleSchema>>;

export type PortForwardArgs = SchemaArgs<typeof portForwardInputsSchema> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM to forward to: a VirtualMachine resource or a domain name. */
  vm: VmRef;
};

const outputs = ["forwardId", "forwardedTo", "guestAddress", "rules", "vm", "vmUuid"] as const;

/**
 * Host ports forwarded to a VM with nftables on the host (table `ip voidvm`), for TCP and UDP,
 * from other machines and from the host itself (127.0.0.1 included). Survives restarts of the
 * VM and of libvirtd, and a reboot of the host (see docs/port-forward.md).
 */
export class PortForward extends resourceClass<PortForwardArgs, Pick<PortForwardOutputs, (typeof outputs)[number]>>("PortForward", { outputs }) {}
