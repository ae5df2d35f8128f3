import type { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { ResourceKind } from "../../provider";
import type { PartialConnectionSettings } from "../../provider/transport/connection-schema";
import { z } from "zod/v4";
import { policySettings, type PolicySettings } from "./policy-settings";
import { voidvmKind } from "./resource-types";

/** A VoidVM resource as a policy sees it: its kind, Pulumi name and inputs (as the provider's check returned them). */
export interface VoidvmResource {
  kind: ResourceKind;
  name: string;
  // Policies receive plain JSON; unknown values (in preview) throw when read, which the policy SDK reports.
  props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What a rule may consult besides the resources: the stack's `voidvm:*` connection defaults. */
export interface PolicyContext {
  stack: PartialConnectionSettings;
}

interface RuleBase<T> {
  /** The policy's name: the key of its settings in --policy-pack-config. */
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  settings: PolicySettings<T>;
}

/** A rule about one resource at a time. Each message says what is wrong, the value, the limit and the fix. */
export interface ResourceRule<T> extends RuleBase<T> {
  kinds: readonly ResourceKind[];
  violations(resource: VoidvmResource, settings: T, context: PolicyContext): string[];
}

/** A rule about the whole stack (run on the resources' final state). */
export interface StackRule<T> extends RuleBase<T> {
  violations(resources: VoidvmResource[], settings: T, context: PolicyContext): string[];
}

/** How messages name a resource: its kind and Pulumi name. */
export function label(resource: Pick<VoidvmResource, "kind" | "name">): string {
  return `${resource.kind} "${resource.name}"`;
}

/** What Pulumi shows of a policy: its name, description, default enforcement and settings. */
function policyInfo<T>(rule: RuleBase<T>) {
  return { name: rule.name, description: rule.description, enforcementLevel: rule.enforcementLevel, configSchema: rule.settings.configSchema };
}

export function resourcePolicy<T>(rule: ResourceRule<T>, context: PolicyContext): ResourceValidationPolicy {
  return {
    ...policyInfo(rule),
    validateResource: (args, reportViolation) => {
      const kind = voidvmKind(args.type);
      if (kind === undefined || !rule.kinds.includes(kind)) return;
      const settings = rule.settings.read(args);
      for (const message of rule.violations({ kind, name: args.name, props: args.props }, settings, context)) reportViolation(message);
    },
  };
}

export function stackPolicy<T>(rule: StackRule<T>, context: PolicyContext): StackValidationPolicy {
  return {
    ...policyInfo(rule),
    validateStack: (args, reportViolation) => {
      const resources = args.resources.flatMap((r): VoidvmResource[] => {
        const kind = voidvmKind(r.type);
        return kind === undefined ? [] : [{ kind, name: r.name, props: r.props }];
      });
      const settings = rule.settings.read(args);
      for (const message of rule.violations(resources, settings, context)) reportViolation(message);
    },
  };
}

/** A resource rule that takes no settings (its --policy-pack-config entry may only set the enforcement level). */
export function settinglessRule(rule: Omit<ResourceRule<object>, "settings">): ResourceRule<object> {
  return { ...rule, settings: policySettings(rule.name, z.strictObject({})) };
}
