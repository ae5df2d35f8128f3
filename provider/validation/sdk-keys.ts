/**
 * Keys the SDK adds to a resource's inputs for the provider's own use:
 *   autonamePrefix  the resource name a generated name starts with
 *   owner           project/stack/kind/name: marks what the resource makes on the host as this
 *                   stack's, and seeds generated names
 *   macSeed         the seed of a generated MAC (NetworkInterface)
 * check reads them from the raw inputs and validates the rest; they stay in the checked inputs,
 * so that the next check sees them in its olds and keeps a generated value stable.
 */
export const SDK_KEYS = ["autonamePrefix", "owner", "macSeed"] as const;

export interface SdkKeys {
  autonamePrefix?: string;
  owner?: string;
  macSeed?: string;
}

/** The program's own inputs (without the SDK's keys and the serialized provider), and the SDK's keys. */
export function splitSdkKeys(news: Record<string, unknown>): { program: Record<string, unknown>; sdk: SdkKeys } {
  const program: Record<string, unknown> = { ...news };
  const sdk: SdkKeys = {};
  for (const key of SDK_KEYS) {
    if (typeof program[key] === "string") sdk[key] = program[key] as string;
    delete program[key];
  }
  delete program.__provider;
  return { program, sdk };
}

/** The owner the SDK passed along with a resource's inputs (undefined for state made before owners). */
export function ownerOf(inputs: object): string | undefined {
  const owner = (inputs as SdkKeys).owner;
  return typeof owner === "string" ? owner : undefined;
}
