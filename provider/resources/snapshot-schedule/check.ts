import { randomBytes } from "crypto";
import { namedInputs } from "../../validation/autoname";
import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { snapshotScheduleInputsSchema, type SnapshotScheduleInputs } from "./schema";

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
export function checkSchedule(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<SnapshotScheduleInputs> {
  const raw = namedInputs(olds, { ...news, autonamePrefix: undefined });
  const prefix = typeof news.autonamePrefix === "string" ? news.autonamePrefix : undefined;
  if (raw.name === undefined && prefix !== undefined) {
    raw.name = typeof olds.name === "string" && olds.autonamePrefix === prefix ? olds.name : autoScheduleName(prefix);
  }
  return checkWithUnknowns(snapshotScheduleInputsSchema, raw, PLACEHOLDERS);
}
