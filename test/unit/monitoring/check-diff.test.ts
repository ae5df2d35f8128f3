import { strict as assert } from "assert";
import { checkAlertRule } from "../../../provider/resources/alert-rule/check";
import { diffAlertRule } from "../../../provider/resources/alert-rule/diff";
import type { AlertRuleOutputs } from "../../../provider/resources/alert-rule/outputs";
import { checkMonitoring } from "../../../provider/resources/monitoring/check";
import { diffMonitoring } from "../../../provider/resources/monitoring/diff";
import type { MonitoringOutputs } from "../../../provider/resources/monitoring/outputs";
import { UNKNOWN } from "../../../provider/validation/unknowns";

const reasons = (failures: Array<{ property: string; reason: string }> | undefined) => Object.fromEntries((failures ?? []).map((f) => [f.property, f.reason]));

describe("Monitoring and AlertRule check and diff", () => {
  it("Monitoring: defaults, and every bad value at once with what to give", () => {
    assert.deepEqual(checkMonitoring({}, {}).inputs, { interval: 5, historyMB: 64, totalHistoryMB: 1024, retainHistory: false });
    const bad = reasons(checkMonitoring({}, { interval: 2.5, historyMB: 0, retainHistory: "no", extra: 1 }).failures);
    assert.match(bad.interval ?? "", /whole number of seconds/);
    assert.match(bad.historyMB ?? "", /at least 1 MiB/);
    assert.ok(bad.retainHistory);
    assert.ok(Object.values(bad).some((r) => /extra/.test(r)), JSON.stringify(bad));
    const small = reasons(checkMonitoring({}, { historyMB: 128, totalHistoryMB: 64 }).failures);
    assert.match(small.totalHistoryMB ?? "", /less than one VM's historyMB \(128 MiB\)/);
  });

  it("AlertRule: defaults, autoname, and clear refusals", () => {
    const ok = checkAlertRule({}, { vm: "web", metric: "cpu", condition: ">", threshold: 80, webhookUrl: "https://hooks.example.com/x?token=abc", autonamePrefix: "cpu high!" });
    assert.ok(ok.inputs, JSON.stringify(ok.failures));
    assert.match(ok.inputs.name, /^cpu-high-[0-9a-f]{7}$/);
    assert.equal(ok.inputs.duration, 60);
    assert.equal(ok.inputs.action, "notify");
    const bad = reasons(checkAlertRule({}, { vm: "web", name: "a.b", metric: "load", condition: ">=", threshold: "80", duration: -1, action: "reboot" }).failures);
    assert.match(bad.name ?? "", /letters, digits/);
    assert.match(bad.metric ?? "", /one of cpu, memory, disk, network/);
    assert.match(bad.condition ?? "", /one of ">", "<", "=", "!="/);
    assert.match(bad.threshold ?? "", /must be a number/);
    assert.match(bad.duration ?? "", /0 or more seconds/);
    assert.match(bad.action ?? "", /one of notify, restart, suspend/);
    const notify = reasons(checkAlertRule({}, { vm: "web", name: "n", metric: "memory", condition: ">", threshold: 120 }).failures);
    assert.match(notify.webhookUrl ?? "", /required when action is "notify"/);
    assert.match(notify.threshold ?? "", /percentage: give 0–100/);
    const url = reasons(checkAlertRule({}, { vm: "web", name: "n", metric: "disk", condition: ">", threshold: 5, webhookUrl: "ftp://x/" }).failures);
    assert.match(url.webhookUrl ?? "", /http:\/\/ or https:\/\//);
    const quote = reasons(checkAlertRule({}, { vm: "web", name: "n", metric: "disk", condition: ">", threshold: 5, action: "suspend", webhookUrl: 'https://x/"a' }).failures);
    assert.match(quote.webhookUrl ?? "", /quotes/);
  });

  it("AlertRule passes unknown values through in preview", () => {
    const outcome = checkAlertRule({}, { vm: UNKNOWN, name: "r", metric: "cpu", condition: ">", threshold: 80, webhookUrl: UNKNOWN });
    assert.ok(outcome.inputs, JSON.stringify(outcome.failures));
    assert.equal(outcome.inputs.webhookUrl, UNKNOWN);
  });

  it("diff: another host or name replaces, settings change in place", () => {
    const connection = { host: "h", port: 22 };
    const rule = checkAlertRule({}, { connection, vm: "web", name: "r", metric: "cpu", condition: ">", threshold: 80, action: "suspend" }).inputs;
    assert.ok(rule);
    const olds = { ...rule, state: "ok", ruleFile: "", stateFile: "" } as AlertRuleOutputs;
    assert.deepEqual(diffAlertRule(olds, { ...rule, threshold: 90 }).detailedDiff, { threshold: { kind: "update", inputDiff: true } });
    assert.deepEqual(diffAlertRule(olds, { ...rule, name: "s" }).replaces, ["name"]);
    assert.equal(diffAlertRule(olds, rule).changes, false);
    const monitoring = checkMonitoring({}, { connection }).inputs;
    assert.ok(monitoring);
    const mOlds = { ...monitoring } as MonitoringOutputs;
    assert.deepEqual(diffMonitoring(mOlds, { ...monitoring, interval: 10 }).detailedDiff, { interval: { kind: "update", inputDiff: true } });
    assert.deepEqual(diffMonitoring(mOlds, { ...monitoring, connection: { host: "other" } }).replaces, ["connection"]);
  });
});
