import type { ResourceKind } from "../../../provider";
import type { PolicySettings } from "../../../policy/support/policy-settings";
import type { PolicyContext, VoidvmResource } from "../../../policy/support/voidvm-policy";

/** A resource as the pack sees it. */
export function resource(kind: ResourceKind, name: string, props: Record<string, unknown>): VoidvmResource {
  return { kind, name, props };
}

/** A policy's settings as the engine hands them over (from --policy-pack-config), defaults filled. */
export function settingsFrom<T>(settings: PolicySettings<T>, config: object = {}): T {
  return settings.read({ getConfig: <C extends object>() => config as C });
}

/** No stack config, or the given voidvm:* settings. */
export function context(stack: PolicyContext["stack"] = {}): PolicyContext {
  return { stack };
}
