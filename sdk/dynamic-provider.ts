import type { ResourceKind } from "../provider";

/**
 * The `__provider` input of a VoidVM resource of KIND: the CommonJS module text that Pulumi's
 * dynamic-provider plugin evaluates (`require-from-string`, then `.handler()`) to get the
 * resource's provider object.
 *
 * pulumi.dynamic.Resource makes this text with serializeFunction, which captures a closure
 * through the V8 inspector: about 0.3 s of every program run, before the first resource can be
 * registered. VoidVM's provider lives in this package, so its module text is one fixed line that
 * `require`s it, written here. It is the same in every VoidVM version: upgrading never shows a
 * `__provider` diff (the provider's diff ignores `__provider` anyway).
 */
export function providerModuleText(kind: ResourceKind): string {
  return `exports.handler = () => require("@voidvm/pulumi/dist/provider/dynamic-provider").dynamicProvider(${JSON.stringify(kind)});\n`;
}

/** The Pulumi type token of a VoidVM resource, as pulumi.dynamic.Resource names it. */
export function dynamicTypeToken(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/voidvm:${kind}`;
}
