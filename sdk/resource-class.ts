import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";
import { dynamicTypeToken, providerModuleText } from "./dynamic-provider";
import { resourceInputs, type CommonArgs } from "./resource-inputs";
import type { OutputsOf } from "./resource-types";

/** What makes one kind of VoidVM resource: its outputs, whether it has a generated name, and extra inputs. */
export interface ResourceClassOptions<Args, Outs> {
  /** The outputs a program reads (Pulumi reads back only the properties named). */
  outputs: readonly (keyof Outs & string)[];
  /** Whether the resource has a name that is generated from the resource name when not given. */
  autoname?: boolean;
  /** Inputs computed from the args (secrets wrapped, references turned into names). */
  extra?: (name: string, args: Args) => pulumi.Inputs;
}

/** A VoidVM resource's constructor: the args in, an instance with the outputs named. */
export type ResourceClass<Args, Outs> = new (name: string, args: Args, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource & OutputsOf<Outs>;

/**
 * The one way a VoidVM resource class is made: `class Disk extends resourceClass<DiskArgs,
 * DiskOutputView>("Disk", {...}) {}`. The instance type holds every output as a typed
 * `pulumi.Output`, taken from the provider's outputs type with its docs.
 */
export function resourceClass<Args extends CommonArgs, Outs>(kind: ResourceKind, options: ResourceClassOptions<Args, Outs>): ResourceClass<Args, Outs> {
  // What pulumi.dynamic.Resource does, with the provider's module text given (sdk/dynamic-provider.ts).
  class VoidvmResource extends pulumi.CustomResource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      const props = resourceInputs(name, args, { kind, outputs: options.outputs, autoname: options.autoname, extra: options.extra?.(name, args) });
      super(dynamicTypeToken(kind), name, { ...props, __provider: providerModuleText(kind) }, opts);
    }
  }
  return VoidvmResource as unknown as ResourceClass<Args, Outs>;
}
