import { createHash, randomBytes } from "crypto";
import { zodFailures, type CheckFailure } from "../../validation/check-failures";
import type { CheckOutcome } from "../../validation/check-inputs";
import { splitSdkKeys } from "../../validation/sdk-keys";
import { nicInputsSchema, type NicInputs } from "./schema";

const SOURCE_ALIASES = { network: "network", bridge: "bridge", device: "direct" } as const;

/**
 * Validates everything at once and fills the MAC when the program gave none. The generated MAC
 * is a pure function of the resource's identity (`macSeed`: project/stack/name, passed by the
 * SDK), so preview and update see the same address; an earlier generated MAC is kept as it is.
 */
export function checkNic(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<NicInputs> {
  const { program: raw, sdk } = splitSdkKeys(news);
  const seed = sdk.macSeed;
  const failures: CheckFailure[] = [];

  // The product docs spell the source by its kind (`bridge: "br0"`); `source` is the general name.
  for (const [alias, type] of Object.entries(SOURCE_ALIASES)) {
    if (raw[alias] === undefined) continue;
    if (raw.source !== undefined && raw.source !== raw[alias]) {
      failures.push({ property: alias, reason: `give the ${alias} name either as ${alias} or as source, not both` });
    } else if (raw.type !== undefined && raw.type !== type) {
      failures.push({ property: alias, reason: `${alias} names the source of a ${type} interface, but type is ${String(raw.type)}; use source` });
    }
    raw.source = raw[alias];
    raw.type ??= type;
    delete raw[alias];
  }

  if (raw.mac === undefined || raw.mac === null) {
    raw.mac = olds.autoMac === true && typeof olds.mac === "string" ? olds.mac : generatedMac(seed);
    raw.autoMac = true;
  } else {
    raw.autoMac = false;
  }
  const parsed = nicInputsSchema.safeParse(raw);
  if (!parsed.success) failures.push(...zodFailures(parsed.error));
  if (failures.length || !parsed.success) return { failures };
  return { inputs: parsed.data };
}

/** 52:54:00 (QEMU's prefix) and three bytes of a hash of the seed, or random without a seed. */
export function generatedMac(seed: string | undefined): string {
  const bytes = seed === undefined ? randomBytes(3) : createHash("sha256").update(`voidvm-nic:${seed}`).digest().subarray(0, 3);
  return ["52", "54", "00", ...[...bytes].map((b) => b.toString(16).padStart(2, "0"))].join(":");
}
