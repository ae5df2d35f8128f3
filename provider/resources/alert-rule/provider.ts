import { defineProvider } from "../shared/define-provider";
import { checkAlertRule } from "./check";
import { createAlertRule } from "./create";
import { deleteAlertRule } from "./delete";
import { diffAlertRule } from "./diff";
import { readAlertRule } from "./read";
import { updateAlertRule } from "./update";

/** The AlertRule resource provider; sdk/alert-rule.ts delegates every call here. */
export const alertRuleProvider = defineProvider({
  check: checkAlertRule,
  diff: diffAlertRule,
  create: createAlertRule,
  read: readAlertRule,
  update: updateAlertRule,
  delete: deleteAlertRule,
  secrets: (rule) => [rule.webhookUrl],
});
