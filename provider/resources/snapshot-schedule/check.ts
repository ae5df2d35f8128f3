import { namedInputs } from "../../validation/autoname";
import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { snapshotScheduleInputsSchema, type SnapshotScheduleInputs } from "./schema";

const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", schedule: "@daily", naming: "auto-{timestamp}", maxSnapshots: 1 };

/** A schedule name's prefix: the resource name with what cron does not accept in file names turned into `-`. */
export function schedulePrefix(resourceName: string): string {
  return resourceName.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "schedule";
}

/**
 * Validates everything at once (the cron expression and the naming pattern included, so that a
 * bad one fails `pulumi preview`), fills defaults, and names the schedule when the program did not.
 */
export function checkSchedule(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<SnapshotScheduleInputs> {
  const raw = namedInputs(olds, news, schedulePrefix);
  return checkWithUnknowns(snapshotScheduleInputsSchema, raw, PLACEHOLDERS);
}
