import { namedInputs } from "../../validation/autoname";
import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { schedulePrefix } from "../snapshot-schedule/check";
import { alertRuleInputsSchema, type AlertRuleInputs } from "./schema";

const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", threshold: 0, webhookUrl: "https://unknown.invalid/" };

/** Validates everything at once, fills defaults, and names the rule when the program did not. */
export function checkAlertRule(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<AlertRuleInputs> {
  return checkWithUnknowns(alertRuleInputsSchema, namedInputs(olds, news, schedulePrefix), PLACEHOLDERS);
}
