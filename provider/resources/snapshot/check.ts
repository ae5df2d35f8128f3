import { randomBytes } from "crypto";
import { zodFailures, type CheckFailure } from "../../validation/check-failures";
import { snapshotInputsSchema, type SnapshotInputs } from "./schema";
import { containsUnknown } from "./unknowns";

export type SnapshotCheckOutcome = { inputs: SnapshotInputs; failures?: undefined } | { inputs?: undefined; failures: CheckFailure[] };

/** Stand-ins for inputs not known yet, so that the known ones are still validated in preview. */
const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", description: "" };

/**
 * Validates everything at once, fills defaults, and names the snapshot when the program did not:
 * `<resource name>-<7 hex>`, kept stable by reusing the previous name.
 */
export function checkSnapshot(olds: Record<string, unknown>, news: Record<string, unknown>): SnapshotCheckOutcome {
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
  const parsed = snapshotInputsSchema.safeParse(candidate);
  if (!parsed.success) {
    const failures = zodFailures(parsed.error).filter((f) => !unknownKeys.includes(f.property.split(/[.[]/)[0] ?? ""));
    if (failures.length) return { failures };
    return { inputs: raw as SnapshotInputs };
  }
  const inputs: Record<string, unknown> = { ...parsed.data };
  for (const key of unknownKeys) inputs[key] = raw[key];
  return { inputs: inputs as SnapshotInputs };
}
