import { strict as assert } from "assert";
import { execFile, execFileSync } from "child_process";
import { join } from "path";
import { listSnapshots } from "../../provider/libvirt/snapshots";
import { schedulePaths } from "../../provider/libvirt/snapshot-schedule-files";
import { createVm } from "../../provider/resources/vm/create";
import { deleteVm } from "../../provider/resources/vm/delete";
import type { VmOutputs } from "../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labHost, labSettings, REPO_ROOT, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import { configureForLab, labVmInputs } from "../support/vm-harness";

/**
 * The VM is made outside the stack (so that `pulumi destroy` removes only the snapshot resources
 * and shows what happens to a schedule's snapshots). The stack holds a Snapshot and two
 * SnapshotSchedules, reaching the lab through stack config (voidvm:*, sudo for /etc/cron.d).
 */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("snap");
const vm = cfg.require("vm");

const baseline = new voidvm.Snapshot("baseline", { vm, description: "before the schedules", includeMemory: true });
const nightly = new voidvm.SnapshotSchedule("nightly", {
  vm,
  schedule: cfg.get("cron") ?? "0 3 * * *",
  naming: cfg.get("naming") ?? "nightly-{timestamp}",
  maxSnapshots: 3,
});
const purge = new voidvm.SnapshotSchedule("purge", { vm, schedule: "@weekly", deleteSnapshotsOnDelete: true });

export const baselineName = baseline.name;
export const baselineKind = baseline.kind;
export const baselineCaptured = baseline.capturedState;
export const nightlyName = nightly.name;
export const nightlyWords = nightly.scheduleDescription;
export const nightlyNextRuns = nightly.nextRuns;
export const nightlyTimezone = nightly.timezone;
export const nightlyCronFile = nightly.cronFile;
export const purgeName = purge.name;
export const purgeWords = purge.scheduleDescription;
`;

function stackConfig(vm: string): { config: Record<string, string>; secrets: Record<string, string> } {
  return labStackConfig({ "voidvm:sudo": "true", "snap:vm": vm, "snap:cron": "61 2 * * *", "snap:naming": "nightly" });
}

async function cronFileState(path: string): Promise<string> {
  return (await labHost().run(["sh", "-c", '[ -e "$1" ] && stat -c "%U %a" -- "$1" || echo absent', "sh", path])).stdout.trim();
}

describe("snapshots through the real Pulumi CLI", function () {
  this.timeout(1_200_000);
  let program: PulumiProgram;
  let vm: VmOutputs | undefined;
  let vmName = "";
  let outputs: Record<string, unknown> = {};
  let destroyed = false;

  before(async () => {
    await configureForLab();
    vmName = testName("snape2e");
    ({ outs: vm } = await createVm(labVmInputs(vmName, { disk: { size: 1 } })));
    program = await PulumiProgram.create({ name: "snapshots", source: PROGRAM, ...stackConfig(vmName) });
  });

  after(async () => {
    if (!destroyed) await program?.destroy().catch(() => undefined);
    program?.remove();
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  it("pulumi preview refuses an invalid cron expression and naming pattern, saying why, and changes nothing", async () => {
    program.clearTransportCounts();
    const preview = await program.preview();
    const text = preview.stdout + preview.stderr;
    assert.notEqual(preview.code, 0, text);
    assert.match(text, /"61 2 \* \* \*" is not a valid cron expression: Constraint error, got value 61 expected range 0-59/);
    assert.match(text, /"nightly" must contain \{timestamp\}, \{unix\}, or both \{date\} and \{time\}, so that every run gets a new snapshot name/);
    assert.deepEqual(program.transportCounts(), { connections: 0, execs: 0 }, "preview opened no SSH connection");
  });

  it("pulumi up takes the snapshot and installs both schedules; the outputs say when they run, in words", async () => {
    await program.cli(["config", "set", "snap:cron", "0 3 * * *"]);
    await program.cli(["config", "set", "snap:naming", "nightly-{timestamp}"]);
    await program.up();
    outputs = await program.outputs();
    assert.equal(outputs.baselineKind, "full");
    assert.equal(outputs.baselineCaptured, "running");
    assert.equal(outputs.nightlyWords, "At 03:00");
    assert.equal(outputs.purgeWords, "At 00:00, only on Sunday");
    assert.equal(outputs.nightlyTimezone, "Etc/UTC");
    const runs = outputs.nightlyNextRuns as string[];
    assert.equal(runs.length, 5);
    assert.ok(runs.every((t) => /T03:00:00\.000Z$/.test(t)), runs.join(", "));
    assert.equal(await cronFileState(String(outputs.nightlyCronFile)), "root 644");
    assert.equal(await cronFileState(schedulePaths(String(outputs.purgeName)).cronFile), "root 644");
    const names = (await listSnapshots(labHost(), vmName))?.snapshots.map((s) => s.name);
    assert.deepEqual(names, [outputs.baselineName]);
    const again = await program.preview(["--expect-no-changes"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it("voidvm reads the connection from the stack config and prints the snapshots as a table", async () => {
    const bin = execFileSync("bash", [join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), REPO_ROOT], { encoding: "utf8" }).trim();
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${join(program.dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "voidvm-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "1",
    };
    // The command as installed from the packed package.
    const cli = join(program.dir, "node_modules", "@voidvm", "pulumi", "dist", "cli", "voidvm.js");
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile("node", [cli, "snapshot", "list", vmName], { cwd: program.dir, env, encoding: "utf8" }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`Snapshots of VM "${vmName}" on voidvm@127\\.0\\.0\\.1:${labSettings().port}`));
    assert.match(result.stdout, new RegExp(`\\n\\* ${outputs.baselineName} +\\S+ \\S+ +full +running +internal +voidvm +before the schedules\\n`));
  });

  it("pulumi destroy leaves no cron entry; a schedule's snapshots stay unless deleteSnapshotsOnDelete", async () => {
    // A snapshot for each schedule, taken by the code a cron run uses (the real cron daemon is
    // exercised in test/lab/snapshot/snapshot-schedule.test.ts).
    for (const [schedule, snapshot] of [[outputs.nightlyName, "nightly-run"], [outputs.purgeName, "purge-run"]] as const) {
      const result = await labHost().runRemoteScript("snapshot", ["create", labHost().uri, vmName, snapshot, "no", "", String(schedule), "yes"]);
      assert.match(result.stdout, /created disk-only running/);
    }
    await program.destroy();
    destroyed = true;
    for (const name of [outputs.nightlyName, outputs.purgeName]) {
      assert.equal(await cronFileState(schedulePaths(String(name)).cronFile), "absent");
      assert.equal(await cronFileState(schedulePaths(String(name)).configFile), "absent");
    }
    const left = (await listSnapshots(labHost(), vmName))?.snapshots.map((s) => s.name);
    assert.deepEqual(left, ["nightly-run"], "the Snapshot resource went, the purge schedule took its own, the nightly schedule's stays");
  });
});
