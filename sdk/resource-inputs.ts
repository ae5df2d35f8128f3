import * as pulumi from "@pulumi/pulumi";
import { secretConnection, type ConnectionArgs } from "./connection";
import type { ResourceKind } from "../provider";
import { vmRefInputs, type VmRef } from "./vm-ref";

/** What every resource's args may hold that the SDK treats the same way. */
export interface CommonArgs {
  connection?: pulumi.Input<ConnectionArgs>;
  name?: pulumi.Input<string>;
  vm?: VmRef;
}

/**
 * The inputs a resource hands its provider: the program's args, with the connection kept secret,
 * a VM reference as its name and uuid, `autonamePrefix` (the resource name a generated name starts
 * with) where the resource has a name, `extra` on top, and every output named, undefined until the
 * provider fills it, because Pulumi reads back only the properties named here.
 */
export function resourceInputs(
  name: string,
  args: CommonArgs,
  options: { kind: ResourceKind; outputs: readonly string[]; autoname?: boolean; extra?: pulumi.Inputs },
): pulumi.Inputs {
  const owner = `${pulumi.getProject()}/${pulumi.getStack()}/${options.kind}/${name}`;
  const inputs: pulumi.Inputs = { ...args, connection: secretConnection(args.connection), owner };
  if ("vm" in args) Object.assign(inputs, { vm: undefined, vmUuid: undefined }, vmRefInputs(args.vm));
  if (options.autoname) inputs.autonamePrefix = args.name === undefined ? name : undefined;
  Object.assign(inputs, options.extra);
  for (const output of options.outputs) if (!(output in inputs)) inputs[output] = undefined;
  return inputs;
}
