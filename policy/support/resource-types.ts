import type { ResourceKind } from "../../provider";

/**
 * The type token of a VoidVM resource. The SDK's classes are dynamic resources registered under
 * the module "voidvm" (`super(provider, name, props, opts, "voidvm", kind)`), so Pulumi names them
 * `pulumi-nodejs:dynamic/voidvm:<kind>`; policies match on that string (`validateResourceOfType`
 * cannot tell dynamic resources apart).
 */
export const VOIDVM_TYPE_PREFIX = "pulumi-nodejs:dynamic/voidvm:";

export function voidvmType(kind: ResourceKind): string {
  return `${VOIDVM_TYPE_PREFIX}${kind}`;
}

/** The VoidVM kind of a resource type, or undefined for any other resource. */
export function voidvmKind(type: string): ResourceKind | undefined {
  return type.startsWith(VOIDVM_TYPE_PREFIX) ? (type.slice(VOIDVM_TYPE_PREFIX.length) as ResourceKind) : undefined;
}
