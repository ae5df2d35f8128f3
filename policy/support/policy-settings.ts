import type { PolicyConfigSchema } from "@pulumi/policy";
import { z } from "zod/v4";

/** A policy's settings: one zod schema, shown to Pulumi as JSON Schema and parsed (defaults filled) when the policy runs. */
export interface PolicySettings<T> {
  /** What `--policy-pack-config` may set for the policy (the engine validates it and fills defaults). */
  configSchema: PolicyConfigSchema;
  /** The policy's settings from its config, defaults filled in; throws naming every problem. */
  read(args: { getConfig<C extends object>(): C }): T;
}

export function policySettings<S extends z.ZodObject>(policyName: string, schema: S): PolicySettings<z.output<S>> {
  const json = z.toJSONSchema(schema, { io: "input" }) as { properties?: PolicyConfigSchema["properties"]; required?: string[] };
  return {
    configSchema: { properties: json.properties ?? {}, ...(json.required?.length ? { required: json.required } : {}) },
    read(args) {
      const parsed = schema.safeParse(args.getConfig());
      if (parsed.success) return parsed.data;
      const problems = parsed.error.issues.map((issue) => `${[policyName, ...issue.path.map(String)].join(".")}: ${issue.message}`);
      throw new Error(`The --policy-pack-config of policy ${policyName} is invalid: ${problems.join("; ")}. Fix the config file (docs/policy.md lists each setting).`);
    },
  };
}
