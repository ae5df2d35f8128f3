import { strict as assert } from "assert";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ConflictError, NotFoundError } from "../../../provider/errors";
import { alertRulePaths } from "../../../provider/metrics/alert-files";
import { COLLECTOR_PATHS } from "../../../provider/metrics/collector-files";
import type { MetricSample } from "../../../provider/metrics/sample";
import { getVmMetrics } from "../../../provider/operations";
import { createAlertRule } from "../../../provider/resources/alert-rule/create";
import { deleteAlertRule } from "../../../provider/resources/alert-rule/delete";
import type { AlertRuleOutputs } from "../../../provider/resources/alert-rule/outputs";
import { readAlertRule } from "../../../provider/resources/alert-rule/read";
import { createMonitoring } from "../../../provider/resources/monitoring/create";
import { deleteMonitoring } from "../../../provider/resources/monitoring/delete";
import type { MonitoringOutputs } from "../../../provider/resources/monitoring/outputs";
import { readMonitoring } from "../../../provider/resources/monitoring/read";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { transportStats } from "../../../provider/transport/stats";
import { labConnection, onLabHost, testName } from "../../support/lab";
import { countColor, readPng } from "../../support/png";
import { configureForLab, domstate } from "../../support/vm-harness";
import { voidvmCli } from "../snapshot/support";
import { alertRuleInputs, collectorLeftovers, monitoringInputs, prioritise, spinningVmInputs, waitFor, webhookReceiver } from "../../support/monitoring";

/**
 * The host collector on the lab, end to end with the real cron, libvirtd and QEMU: a Monitoring
 * sampling every 2 s, a VM whose vCPU spins (a panicking kernel), alert rules that notify a local
 * webhook receiver and suspend the VM, history read back while no client was connected, the
 * report (table, JSON, HTML and a PNG by headless Chromium), and a destroy that leaves nothing.
 */
describe("Monitoring and AlertRule on the lab", function () {
  this.timeout(900_000);
  const owner = `vvt/lab/Monitoring/${testName("mon")}`;
  const vmName = testName("spin");
  let monitoring: MonitoringOutputs | undefined;
  let vm: VmOutputs | undefined;
  const rules: AlertRuleOutputs[] = [];
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  const token = `tok-${Math.random().toString(36).slice(2)}`;
  const workDir = mkdtempSync(join(tmpdir(), "vvt-report-"));

  before(async () => {
    await configureForLab();
    assert.deepEqual(await collectorLeftovers(), [], "the lab host already runs a collector: another test's, or a leftover");
    hook = await webhookReceiver();
    ({ outs: monitoring } = await createMonitoring(monitoringInputs({ interval: 2, historyMB: 4, totalHistoryMB: 64, owner })));
    ({ outs: vm } = await createVm(spinningVmInputs(vmName)));
    await prioritise(vmName);
  });

  after(async () => {
    for (const rule of rules) await deleteAlertRule(rule).catch(() => undefined);
    if (monitoring) await deleteMonitoring(monitoring).catch(() => undefined);
    if (vm) await deleteVm(vm).catch(() => undefined);
    await hook?.close();
    rmSync(workDir, { recursive: true, force: true });
    closeAllConnections();
  });

  it("installs one collector: running, with its cron watchdog; a second Monitoring on the host is refused", async () => {
    assert.ok(monitoring?.running, "the collector runs right after create");
    const cron = (await onLabHost('cat "$1"', [COLLECTOR_PATHS.cron])).stdout;
    assert.match(cron, /^\* \* \* \* \* root \/bin\/sh \/etc\/voidvm\/collector\.sh ensure \/etc\/voidvm\/monitoring\.conf$/m);
    assert.match(cron, /^@reboot root \/bin\/sh \/etc\/voidvm\/collector\.sh ensure \/etc\/voidvm\/monitoring\.conf$/m);
    await assert.rejects(createMonitoring(monitoringInputs({ owner: "other-project/other-stack/Monitoring/mon" })), (error: Error) => {
      assert.ok(error instanceof ConflictError, String(error));
      assert.match(error.message, /already has a VoidVM collector .* installed by the VoidVM resource vvt\/lab\/Monitoring\//);
      return true;
    });
    const again = await readMonitoring("x", monitoring as MonitoringOutputs);
    assert.equal((again.props as MonitoringOutputs).pid, monitoring?.pid, "the refused create left the running collector alone");
  });

  it("the cron watchdog restarts a collector that died", async () => {
    await onLabHost('kill -KILL "-$1"', [String(monitoring?.pid)], { allowFailure: true });
    // The lab user may not signal root's processes: then kill it as root here (this machine is the lab host).
    if ((await readMonitoring("x", monitoring as MonitoringOutputs)).props.running) process.kill(-(monitoring?.pid ?? 0), "SIGKILL");
    const restarted = await waitFor("cron to restart the collector", 150_000, async () => {
      const seen = (await readMonitoring("x", monitoring as MonitoringOutputs)).props as MonitoringOutputs;
      return seen.running && seen.pid !== monitoring?.pid ? seen : undefined;
    });
    monitoring = restarted;
  });

  it("keeps sampling while no client is connected; getVmMetrics reads the range in one remote command", async () => {
    const connectionsBefore = transportStats().connectionsOpened;
    closeAllConnections();
    const from = Date.now() / 1000;
    // No SSH connection of this process exists while the collector writes four samples; the test
    // watches the history file directly (this machine is the lab host), which needs no client.
    const file = join(COLLECTOR_PATHS.historyDir, `${vmName}.jsonl`);
    // The VM's history file appears with its first sample (rates need two readings).
    const written = () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter((line) => line && (JSON.parse(line) as MetricSample).time >= from).length : 0);
    await waitFor("four samples written with no client connected", 180_000, () => (written() >= 4 ? true : undefined));
    assert.equal(transportStats().connectionsOpened, connectionsBefore, "no connection was opened meanwhile");
    const to = Date.now() / 1000;
    const before = transportStats().execs;
    const samples = await getVmMetrics({ connection: labConnection(), vm: vmName }, { from: from * 1000, to: to * 1000 });
    assert.equal(transportStats().execs - before, 1, "one remote command");
    assert.ok(samples.length >= 4, `${samples.length} samples, the history file had ${written()} by then`);
    for (const s of samples) {
      assert.equal(s.vm, vmName);
      assert.ok(s.time >= from && s.time <= to, `sample at ${s.time} is outside ${from}..${to}`);
    }
    await assert.rejects(getVmMetrics({ connection: labConnection(), vm: "vvt-no-such-vm" }), NotFoundError);
    await assert.rejects(createAlertRule(alertRuleInputs({ vm: "vvt-no-such-vm", name: "vvt-none", metric: "cpu", condition: ">", threshold: 5, action: "suspend" })), /VM "vvt-no-such-vm" does not exist/);
  });

  it("a notify rule POSTs its JSON payload to the webhook, logs it, and keeps the URL in a root-only file", async () => {
    const inputs = alertRuleInputs({ vm: vmName, name: testName("notify"), metric: "cpu", condition: ">", threshold: 5, duration: 0, action: "notify", webhookUrl: hook.url(`/hook/${token}`) });
    const { outs } = await createAlertRule(inputs);
    rules.push(outs);
    const post = await waitFor("the webhook POST", 120_000, () => hook.posts.find((p) => p.body.rule === inputs.name && p.body.event === "firing"));
    assert.equal(post.path, `/hook/${token}`);
    assert.equal(post.body.vm, vmName);
    assert.equal(post.body.metric, "cpu");
    assert.equal(post.body.condition, ">");
    assert.equal(post.body.threshold, 5);
    assert.equal(post.body.action, "notify");
    assert.ok(typeof post.body.value === "number" && post.body.value > 5, `value ${String(post.body.value)}`);
    assert.match(String(post.body.at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Number(post.body.time) - Date.now() / 1000) < 120, `time ${String(post.body.time)} is now`);
    assert.equal(Math.floor(Number(post.body.time)), Date.parse(String(post.body.at)) / 1000);
    const paths = alertRulePaths(inputs.name);
    const files = (await onLabHost('stat -c "%U %a" "$1" "$2"; grep -c "$3" "$1" || true', [paths.ruleFile, paths.webhookFile, token])).stdout.trim().split("\n");
    assert.deepEqual(files, ["root 644", "root 600", "0"], "rule file 644 without the URL, webhook file 600");
    const log = readFileSync(COLLECTOR_PATHS.log, "utf8");
    assert.match(log, new RegExp(`alert ${inputs.name} firing: vm=${vmName} cpu > 5 for 0s`));
    assert.ok(!log.includes(token), "the log does not hold the webhook URL");
    const refreshed = (await readAlertRule("x", outs)).props as AlertRuleOutputs;
    assert.equal(refreshed.state, "firing");
    assert.ok(refreshed.since && refreshed.lastFired, "since and lastFired are outputs");
  });

  it("cpu > 80 for 10 s, action suspend: suspends the busy VM; the notify rule then resolves", async () => {
    const inputs = alertRuleInputs({ vm: vmName, name: testName("suspend"), metric: "cpu", condition: ">", threshold: 80, duration: 10, action: "suspend" });
    const { outs } = await createAlertRule(inputs);
    rules.push(outs);
    // The VM needs most of a core for 10 s; on a machine busy with other tests that may take a while.
    const started = Date.now() / 1000;
    await waitFor("the VM to be suspended (paused)", 600_000, async () => ((await domstate(vmName)) === "paused" ? true : undefined)).catch(async (error: Error) => {
      const seen = await getVmMetrics({ connection: labConnection(), vm: vmName }, { from: started * 1000 });
      throw new Error(`${error.message}; the VM's CPU meanwhile (the machine gave it no 10 s above 80 %?): ${seen.map((s) => Math.round(s.cpuPercent)).join(" ")}`);
    });
    const refreshed = (await readAlertRule("x", outs)).props as AlertRuleOutputs;
    assert.ok(refreshed.lastFired, "the rule fired");
    // The collector's own history shows what it acted on: cpu above 80 on every sample for 10 s before it fired.
    const fired = Date.parse(refreshed.lastFired ?? "") / 1000;
    const history = await getVmMetrics({ connection: labConnection(), vm: vmName }, { from: (fired - 60) * 1000, to: fired * 1000 });
    const run: MetricSample[] = [];
    for (const s of history) if (s.cpuPercent > 80) run.push(s); else run.length = 0;
    assert.ok(run.length >= 2 && fired - (run[0]?.time ?? fired) >= 10, `samples above 80 % before it fired: ${JSON.stringify(history.map((s) => s.cpuPercent))}`);
    const notify = rules[0]?.name;
    await waitFor("the notify rule's resolved POST", 120_000, () => hook.posts.find((p) => p.body.rule === notify && p.body.event === "resolved"));
    const cli = await voidvmCli(["alerts", vmName, "--json"]);
    assert.equal(cli.code, 0, cli.stderr);
    const listed = JSON.parse(cli.stdout) as Array<{ name: string; state: string; action: string }>;
    assert.deepEqual(listed.map((r) => [r.name, r.action]).sort(), [[notify, "notify"], [inputs.name, "suspend"]].sort());
    const table = await voidvmCli(["alerts"]);
    assert.match(table.stdout, new RegExp(`${inputs.name} +${vmName} +cpu > 80 for 10s +suspend`));
  });

  it("voidvm report over the last hour: the samples' average, p95 and maximum; --html and --png draw the chart", async () => {
    // At interval 2 the collector has ten samples of the VM some 20 s after it started.
    await waitFor("ten samples in the history", 180_000, async () => ((await getVmMetrics({ connection: labConnection(), vm: vmName }, { from: Date.now() - 3600_000 })).length >= 10 ? true : undefined));
    const to = new Date().toISOString();
    const html = join(workDir, "report.html");
    const png = join(workDir, "report.png");
    const cli = await voidvmCli(["report", vmName, "--period", "1h", "--to", to, "--json", "--html", html, "--png", png]);
    assert.equal(cli.code, 0, cli.stderr);
    const report = JSON.parse(cli.stdout) as { samples: number; metrics: Record<string, { average: number; p95: number; max: number }> };
    const samples = await getVmMetrics({ connection: labConnection(), vm: vmName }, { from: Date.parse(to) - 3600_000, to });
    assert.equal(report.samples, samples.length);
    assert.ok(samples.length >= 10, `${samples.length} samples`);
    for (const field of ["cpuPercent", "memoryPercent", "diskWriteMBps", "netRxMBps"] as const) {
      const values = samples.map((s) => s[field]);
      const sorted = [...values].sort((a, b) => a - b);
      const average = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;
      assert.deepEqual(report.metrics[field], { average, p95: sorted[Math.ceil(sorted.length * 0.95) - 1], max: Math.max(...values) }, field);
    }
    assert.ok((report.metrics.cpuPercent?.max ?? 0) > 80, "the busy VM's maximum");
    const page = readFileSync(html, "utf8");
    assert.equal((page.match(/<svg /g) ?? []).length, 4, "four charts");
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org)/.test(page), "self-contained: no scripts, nothing fetched");
    const pixels = readPng(png);
    assert.ok(pixels.width >= 900 && pixels.height >= 900, `${pixels.width}x${pixels.height}`);
    const cpuLine = countColor(pixels, "#d62728", { tolerance: 90 });
    assert.ok(cpuLine > 400, `the CPU line: ${cpuLine} pixels of its colour (the legend alone has 144)`);
    const table = await voidvmCli(["report", vmName, "--period", "1h", "--to", to]);
    assert.match(table.stdout, new RegExp(`CPU % +${report.metrics.cpuPercent?.average} +${report.metrics.cpuPercent?.p95} +${report.metrics.cpuPercent?.max}`));
  });

  it("destroy leaves nothing of the collector or the rules on the host", async () => {
    for (const rule of rules.splice(0)) await deleteAlertRule(rule);
    await deleteMonitoring(monitoring as MonitoringOutputs);
    monitoring = undefined;
    assert.deepEqual(await collectorLeftovers(), []);
  });
});
