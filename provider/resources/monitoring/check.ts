import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { splitSdkKeys } from "../../validation/sdk-keys";
import { monitoringInputsSchema, type MonitoringInputs } from "./schema";

/** Validates everything at once and fills defaults. */
export function checkMonitoring(_olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<MonitoringInputs> {
  return checkWithUnknowns(monitoringInputsSchema, splitSdkKeys(news).program, { interval: 5, historyMB: 1, totalHistoryMB: 1048576 });
}
