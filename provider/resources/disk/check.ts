import { randomBytes } from "crypto";
import { zodFailures, type CheckFailure } from "../../validation/check-failures";
import { diskInputsSchema, type DiskInputs } from "./schema";
import { containsUnknown } from "./unknowns";

export type DiskCheckOutcome = { inputs: DiskInputs; failures?: undefined } | { inputs?: undefined; failures: CheckFailure[] };

/** Stand-ins for inputs not known yet, so that the known ones are still validated in preview. */
const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", size: 1 };

/**
 * Validates everything at once, fills defaults, and names the Disk when the program did not:
 * `<resource name>-<7 hex>`, kept stable by reusing the previous name. Inputs not known yet in a
 * preview (a VM being replaced has no uuid yet) pass through as unknown.
 */
export function checkDisk(olds: Record<string, unknown>, news: Record<string, unknown>): DiskCheckOutcome {
  const raw: Record<string, unknown> = { ...news };
  const prefix = typeof raw.autonamePrefix === "string" ? raw.autonamePrefix : undefined;
  delete raw.autonamePrefix;
  delete raw.__provider;
  for (const key of Object.keys(raw)) if (raw[key] === undefined || raw[key] === null) delete raw[key];
  if (raw.name === undefined && prefix !== undefined) {
    raw.name = typeof olds.name === "string" && olds.autonamePrefix === prefix ? olds.name : `${prefix}-${randomBytes(4).toString("hex").slice(0, 7)}`;
  }
  const unknownKeys = Object.keys(raw).filter((key) => containsUnknown(raw[key]));
  const candidate: Record<string, unknown> = { ...raw };
  for (const key of unknownKeys) {
    if (key in PLACEHOLDERS) candidate[key] = PLACEHOLDERS[key];
    else delete candidate[key];
  }
  const looseLimits = unknownKeys.includes("limits") || unknownKeys.includes("size");
  if (looseLimits) candidate.limits = { minDiskSize: 1, maxDiskSize: Number.MAX_SAFE_INTEGER };
  const parsed = diskInputsSchema.safeParse(candidate);
  if (parsed.success) {
    const inputs: Record<string, unknown> = { ...parsed.data };
    for (const key of unknownKeys) inputs[key] = raw[key];
    if (looseLimits) inputs.limits = raw.limits;
    return { inputs: inputs as DiskInputs };
  }
  const failures = zodFailures(parsed.error).filter((f) => !unknownKeys.includes(f.property.split(/[.[]/)[0] ?? ""));
  if (failures.length) return { failures };
  return { inputs: raw as DiskInputs };
}
