import { strict as assert } from "assert";
import { createVm } from "../../provider/resources/vm/create";
import { deleteVm } from "../../provider/resources/vm/delete";
import type { VmOutputs } from "../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { testName } from "../support/lab";
import { collectorLeftovers, prioritise, spinningVmInputs, waitFor, webhookReceiver } from "../support/monitoring";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import { configureForLab } from "../support/vm-harness";

/**
 * A Monitoring and an AlertRule through the real Pulumi CLI. The VM (a spinning vCPU) is made
 * outside the stack; the rule notifies a local webhook receiver whose URL holds a token and is
 * given as a secret.
 */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("mon");
const monitoring = new voidvm.Monitoring("host", { interval: 2, historyMB: 4 });
const busy = new voidvm.AlertRule("busy", {
  vm: cfg.require("vm"),
  metric: "cpu",
  condition: ">",
  threshold: cfg.requireNumber("threshold"),
  duration: 4,
  action: "notify",
  webhookUrl: cfg.requireSecret("webhook"),
}, { dependsOn: [monitoring] });

export const running = monitoring.running;
export const historyDir = monitoring.historyDir;
export const ruleName = busy.name;
export const ruleState = busy.state;
export const ruleSince = busy.since;
export const ruleFired = busy.lastFired;
`;

describe("Monitoring and AlertRule through the real Pulumi CLI", function () {
  this.timeout(1_200_000);
  let program: PulumiProgram;
  let vm: VmOutputs | undefined;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  const token = `tok-${Math.random().toString(36).slice(2)}`;
  let destroyed = false;

  before(async () => {
    await configureForLab();
    const vmName = testName("spine2e");
    ({ outs: vm } = await createVm(spinningVmInputs(vmName)));
    await prioritise(vmName);
    hook = await webhookReceiver();
    const { config, secrets } = labStackConfig({ "voidvm:sudo": "true", "mon:vm": vmName, "mon:threshold": "150" });
    program = await PulumiProgram.create({ name: "monitoring", source: PROGRAM, config, secrets: { ...secrets, "mon:webhook": hook.url(`/hook/${token}`) } });
  });

  after(async () => {
    if (!destroyed) await program?.destroy().catch(() => undefined);
    program?.remove();
    if (vm) await deleteVm(vm).catch(() => undefined);
    await hook?.close();
    closeAllConnections();
  });

  it("pulumi preview refuses a cpu threshold over 100 %, saying why, and connects to nothing", async () => {
    program.clearTransportCounts();
    const preview = await program.preview();
    const text = preview.stdout + preview.stderr;
    assert.notEqual(preview.code, 0, text);
    assert.match(text, /threshold.*is 150, but cpu is a percentage: give 0–100/);
    assert.deepEqual(program.transportCounts(), { connections: 0, execs: 0 });
  });

  it("pulumi up installs the collector and the rule; the rule notifies; refresh reads its state; the URL stays secret", async () => {
    await program.cli(["config", "set", "mon:threshold", "20"]);
    await program.up();
    const outputs = await program.outputs();
    assert.equal(outputs.running, true);
    assert.equal(outputs.ruleState, "unknown", "not evaluated yet at create, or evaluated by now");
    const post = await waitFor("the webhook POST", 180_000, () => hook.posts.find((p) => p.body.rule === outputs.ruleName && p.body.event === "firing"));
    assert.equal(post.path, `/hook/${token}`);
    await program.refresh();
    // Stack outputs are computed by `up`: one with no changes publishes the refreshed state.
    await program.up();
    const refreshed = await program.outputs();
    assert.ok(refreshed.ruleState === "firing" || refreshed.ruleState === "ok", String(refreshed.ruleState));
    assert.match(String(refreshed.ruleFired), /^\d{4}-\d\d-\d\dT/);
    assert.ok(!program.stateFiles().includes(token), "the webhook URL is a secret in the state");
  });

  it("pulumi destroy leaves nothing of the collector or the rule on the host", async () => {
    await program.destroy();
    destroyed = true;
    assert.deepEqual(await collectorLeftovers(), []);
  });
});
