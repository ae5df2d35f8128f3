import { randomBytes } from "crypto";
import { zodFailures, type CheckFailure } from "../../validation/check-failures";
import { containsUnknown } from "../snapshot/unknowns";
import { snapshotScheduleInputsSchema, type SnapshotScheduleInputs } from "./schema";

export type ScheduleCheckOutcome = { inputs: SnapshotScheduleInputs; failures?: undefined } | { inputs?: undefined; failures: CheckFailure[] };

const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", schedule: "@daily", naming: "auto-{timestamp}", maxSnapshots: 1 };

/** `<resource name>-<7 hex>`, with what cron does not accept in file names turned into `-`. */
export function autoScheduleName(prefix: string): string {
  const clean = prefix.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "schedule";
  return `${clean}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}

/**
 * Validates everything at once (the cron expression and the naming pattern included, so that a
 * bad one fails `pulumi preview`), fills defaults, and names the schedule when the program did not.
 */
export function checkSchedule(olds: Record<string, unknown>, news: Record<string, unknown>): ScheduleCheckOutcome {
  const raw: Record<string, unknown> = { ...news };
  const prefix = typeof raw.autonamePrefix === "string" ? raw.autonamePrefix : undefined;
  delete raw.autonamePrefix;
  delete raw.__provider;
  for (const key of Object.keys(raw)) if (raw[key] === undefined || raw[key] === null) delete raw[key];
  if (raw.name === undefined && prefix !== undefined) {
    raw.name = typeof olds.name === "string" && olds.autonamePrefix === prefix ? olds.name : autoScheduleName(prefix);
  }
  const unknownKeys = Object.keys(raw).filter((key) => containsUnknown(raw[key]));
  const candidate: Record<string, unknown> = { ...raw };
  for (const key of unknownKeys) {
    if (key in PLACEHOLDERS) candidate[key] = PLACEHOLDERS[key];
    else delete candidate[key];
  }
  const parsed = snapshotScheduleInputsSchema.safeParse(candidate);
  if (!parsed.success) {
    const failures = zodFailures(parsed.error).filter((f) => !unknownKeys.includes(f.property.split(/[.[]/)[0] ?? ""));
    if (failures.length) return { failures };
    return { inputs: raw as SnapshotScheduleInputs };
  }
  const inputs: Record<string, unknown> = { ...parsed.data };
  for (const key of unknownKeys) inputs[key] = raw[key];
  return { inputs: inputs as SnapshotScheduleInputs };
}
