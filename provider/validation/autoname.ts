import { randomBytes } from "crypto";

/** `<prefix>-<7 hex>`: Pulumi's autonaming style. */
export function autoname(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

/**
 * A check's raw inputs: without the serialized provider and the SDK's `autonamePrefix`, and with a
 * name when the program gave none, kept stable across updates by reusing the previous one.
 */
export function namedInputs(olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = { ...news };
  const prefix = typeof raw.autonamePrefix === "string" ? raw.autonamePrefix : undefined;
  delete raw.autonamePrefix;
  delete raw.__provider;
  if (raw.name === undefined && prefix !== undefined) {
    raw.name = typeof olds.name === "string" && olds.autonamePrefix === prefix ? olds.name : autoname(prefix);
  }
  return raw;
}
