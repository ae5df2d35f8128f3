import type { RemoteHost } from "../transport/remote-host";
import { renderKeyValueFile } from "../libvirt/key-value-file";
import { COLLECTOR_PATHS } from "./collector-files";

/**
 * An alert rule as the collector reads it: RULES_DIR/alert-NAME.conf (see
 * provider/remote-scripts/lib/alert-eval.sh) and, when it has a webhook, the root-only
 * RULES_DIR/alert-NAME.webhook holding the URL.
 */
export interface AlertRuleSpec {
  name: string;
  vm: string;
  metric: string;
  condition: string;
  threshold: number;
  duration: number;
  action: string;
  owner?: string;
}

export function alertRulePaths(name: string): { ruleFile: string; webhookFile: string; stateFile: string } {
  return {
    ruleFile: `${COLLECTOR_PATHS.rulesDir}/alert-${name}.conf`,
    webhookFile: `${COLLECTOR_PATHS.rulesDir}/alert-${name}.webhook`,
    stateFile: `${COLLECTOR_PATHS.stateDir}/${name}.state`,
  };
}

/** Pure: the rule file. Values are checked by AlertRule's schema (no line breaks). */
export function renderAlertRule(rule: AlertRuleSpec): string {
  const { vm, metric, condition, threshold, duration, action } = rule;
  return renderKeyValueFile(undefined, { vm, metric, condition, threshold, duration, action }, rule.owner);
}

/** A rule on the host with what the collector last wrote of its state. */
export interface HostAlertRule extends AlertRuleSpec {
  /** ok or firing; `unknown` until the collector has evaluated the rule. */
  state: "ok" | "firing" | "unknown";
  /** When it entered that state (Unix seconds). */
  since?: number;
  /** The metric's value at that time. */
  value?: number;
  /** The last time it fired (Unix seconds). */
  lastFired?: number;
}

/** The alert rules on the host (all, or the one named), with their states: one round trip. */
export async function readHostAlertRules(host: RemoteHost, name?: string): Promise<HostAlertRule[]> {
  const { sections } = await host.runRemoteScript("alert-states", [COLLECTOR_PATHS.rulesDir, COLLECTOR_PATHS.stateDir, ...(name ? [name] : [])]);
  return parseAlertStates(sections.get("rules") ?? "");
}

/** Pure: the `rules` section of alert-states.sh. */
export function parseAlertStates(text: string): HostAlertRule[] {
  const records: Array<Map<string, string>> = [];
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at <= 0) continue;
    const key = line.slice(0, at);
    const value = line.slice(at + 1);
    if (key === "rule") records.push(new Map([["rule", value]]));
    else records[records.length - 1]?.set(key, value);
  }
  return records.map((r) => {
    const number = (key: string) => (r.has(key) && r.get(key) !== "" ? Number(r.get(key)) : undefined);
    const state = r.get("state");
    const rule: HostAlertRule = {
      name: r.get("rule") ?? "",
      vm: r.get("vm") ?? "",
      metric: r.get("metric") ?? "",
      condition: r.get("condition") ?? "",
      threshold: number("threshold") ?? 0,
      duration: number("duration") ?? 0,
      action: r.get("action") ?? "",
      state: state === "ok" || state === "firing" ? state : "unknown",
    };
    const owner = r.get("owner");
    if (owner) rule.owner = owner;
    const since = number("since");
    if (since !== undefined) rule.since = since;
    const value = number("value");
    if (value !== undefined) rule.value = value;
    const fired = number("fired");
    if (fired !== undefined) rule.lastFired = fired;
    return rule;
  });
}
