import { readHostAlertRules } from "../../metrics/alert-files";
import { remoteHost } from "../../config/resolve-connection";
import { installAlertRule } from "./install";
import { alertRuleOutputs } from "./observe";
import type { AlertRuleOutputs } from "./outputs";
import type { AlertRuleInputs } from "./schema";

/** Rewrites the rule in place; the collector reads it at its next sample and keeps the rule's state. */
export async function updateAlertRule(_olds: AlertRuleOutputs, news: AlertRuleInputs): Promise<AlertRuleOutputs> {
  const host = remoteHost(news.connection);
  await installAlertRule(host, news);
  const [seen] = await readHostAlertRules(host, news.name);
  return alertRuleOutputs(news, seen);
}
