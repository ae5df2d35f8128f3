import { createHash, randomBytes } from "crypto";
import { splitSdkKeys, type SdkKeys } from "./sdk-keys";

/**
 * `<prefix>-<7 hex>`: Pulumi's autonaming style. With an owner (project/stack/type/name, passed by
 * the SDK) the suffix is a hash of it, so the same resource of the same stack always gets the same
 * name: a create interrupted by a killed `pulumi up` is found again and taken over on the next run
 * instead of leaving an orphan under a random name. Without one, it is random.
 */
export function autoname(prefix: string, owner?: string): string {
  const suffix = owner ? createHash("sha256").update(owner).digest("hex") : randomBytes(4).toString("hex");
  return `${prefix}-${suffix.slice(0, 7)}`;
}

/**
 * A check's raw inputs: without the serialized provider and the SDK's keys, and with a name when the program gave none, kept stable across updates by reusing the
 * previous one. `prefixFor` turns the resource name into the name's prefix (where a name allows
 * fewer characters than a resource name does).
 */
export function namedInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  prefixFor: (resourceName: string) => string = (resourceName) => resourceName,
): Record<string, unknown> {
  const { program: raw, sdk } = splitSdkKeys(news);
  const prefix = sdk.autonamePrefix;
  if (raw.name === undefined && prefix !== undefined) {
    raw.name = typeof olds.name === "string" && olds.autonamePrefix === prefix ? olds.name : autoname(prefixFor(prefix), sdk.owner);
  }
  return raw;
}

/**
 * Whether a resource's name is the one its owner generates (no name given, the SDK's owner
 * known): an object of that name on the host can only be this resource's own, left by a create
 * whose `pulumi up` was killed.
 */
export function isOwnerGeneratedName(inputs: { name: string }, prefixFor: (resourceName: string) => string = (n) => n): boolean {
  const { autonamePrefix, owner } = inputs as SdkKeys;
  return !!autonamePrefix && !!owner && inputs.name === autoname(prefixFor(autonamePrefix), owner);
}
