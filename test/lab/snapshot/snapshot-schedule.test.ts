import { strict as assert } from "assert";
import { listSnapshots as hostSnapshots } from "../../../provider/libvirt/snapshots";
import { readHostText, schedulePaths } from "../../../provider/libvirt/snapshot-schedule-files";
import { SNAPSHOT_SCRIPT_PATH, snapshotScript } from "../../../provider/libvirt/snapshot-script";
import { createSnapshot } from "../../../provider/resources/snapshot/create";
import { checkSchedule } from "../../../provider/resources/snapshot-schedule/check";
import { createSchedule } from "../../../provider/resources/snapshot-schedule/create";
import { deleteSchedule } from "../../../provider/resources/snapshot-schedule/delete";
import type { SnapshotScheduleOutputs } from "../../../provider/resources/snapshot-schedule/outputs";
import { readSchedule } from "../../../provider/resources/snapshot-schedule/read";
import type { SnapshotScheduleInputs } from "../../../provider/resources/snapshot-schedule/schema";
import { updateSchedule } from "../../../provider/resources/snapshot-schedule/update";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { labConnection, labHost, testName } from "../../support/lab";
import { configureForLab, labVmInputs } from "../../support/vm-harness";
import { snapshotInputs } from "./support";

function scheduleInputs(raw: Record<string, unknown>): SnapshotScheduleInputs {
  const outcome = checkSchedule({}, { connection: labConnection(), ...raw });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

async function fileState(path: string): Promise<string> {
  return (await labHost().run(["sh", "-c", '[ -e "$1" ] && stat -c "%U %a" -- "$1" || echo absent', "sh", path])).stdout.trim();
}

async function ownSnapshots(vm: string, schedule: string): Promise<string[]> {
  return ((await hostSnapshots(labHost(), vm))?.snapshots ?? []).filter((s) => s.schedule === schedule).map((s) => s.name);
}

/**
 * A schedule run by the lab's real cron daemon (started by host:up): every minute, keep 2. The
 * test waits for three runs (about three minutes of wall time, the price of a real cron).
 */
describe("SnapshotSchedule on the lab, run by the real cron daemon", function () {
  this.timeout(900_000);
  let vm: VmOutputs;
  let name = "";
  const scheduleName = testName("sched");
  const otherName = testName("sched2");
  let schedule: SnapshotScheduleOutputs | undefined;
  let other: SnapshotScheduleOutputs | undefined;

  before(async () => {
    await configureForLab();
    name = testName("schedvm");
    ({ outs: vm } = await createVm(labVmInputs(name, { disk: { size: 1 } })));
  });

  after(async () => {
    if (schedule) await deleteSchedule(schedule).catch(() => undefined);
    if (other) await deleteSchedule(other).catch(() => undefined);
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  it("every minute with maxSnapshots 2: after three runs exactly the two newest of its own remain, and a manual snapshot survives", async () => {
    await createSnapshot(snapshotInputs(name, "manual-keep", { description: "made by hand" }));
    const inputs = scheduleInputs({ vm: name, name: scheduleName, schedule: "* * * * *", maxSnapshots: 2, naming: "vvt-{timestamp}" });
    ({ outs: schedule } = await createSchedule(inputs));
    const paths = schedulePaths(scheduleName);
    assert.equal(schedule.scheduleDescription, "Every minute");
    assert.equal(schedule.cronExpression, "* * * * *");
    assert.equal(schedule.timezone, "Etc/UTC");
    assert.equal(schedule.nextRuns.length, 5);
    const gaps = schedule.nextRuns.slice(1).map((t, i) => Date.parse(t) - Date.parse(schedule?.nextRuns[i] ?? ""));
    assert.deepEqual(gaps, [60_000, 60_000, 60_000, 60_000]);
    assert.equal(await fileState(paths.cronFile), "root 644", "cron reads only root-owned files with mode 644");
    assert.equal(await fileState(paths.configFile), "root 644");
    assert.equal(await readHostText(labHost(), SNAPSHOT_SCRIPT_PATH), snapshotScript());
    assert.match((await readHostText(labHost(), paths.cronFile)) ?? "", /^\* \* \* \* \* root \/bin\/sh \/etc\/voidvm\/snapshot-run\.sh run \/etc\/voidvm\/snapshot-vvt-sched-.*\.conf$/m);

    // Wait for cron: three runs, the last one finished (its retention line written).
    let log = "";
    const deadline = Date.now() + 420_000;
    for (;;) {
      log = (await readHostText(labHost(), paths.logFile)) ?? "";
      const created = log.match(/created snapshot/g)?.length ?? 0;
      const lines = log.trim().split("\n");
      if (created >= 3 && /retention:|deleted snapshot/.test(lines[lines.length - 1] ?? "") && !/deleting the/.test(lines[lines.length - 1] ?? "")) break;
      if (Date.now() > deadline) throw new Error(`cron did not run the schedule three times in 7 minutes; log so far:\n${log}`);
      await new Promise((r) => setTimeout(r, 5_000));
    }
    const created = [...log.matchAll(/created snapshot "([^"]+)" of VM ".*" \(disk-only, VM was running\)/g)].map((m) => m[1] ?? "");
    assert.ok(created.length >= 3, log);
    assert.match(log, /retention: 3 snapshot\(s\) of this schedule, at most 2 kept; deleting the 1 oldest/);
    assert.match(log, new RegExp(`deleted snapshot "${created[0]}"`));

    const all = (await hostSnapshots(labHost(), name))?.snapshots ?? [];
    const own = all.filter((s) => s.schedule === scheduleName).map((s) => s.name);
    assert.deepEqual(own, created.slice(-2), "exactly the two newest of its own");
    assert.ok(all.some((s) => s.name === "manual-keep" && s.madeBy === "voidvm"), "the manual snapshot survives");
    assert.ok(own.every((n) => /^vvt-\d{8}T\d{6}Z$/.test(n)), own.join(", "));

    const read = await readSchedule(`x/${scheduleName}`, schedule);
    const refreshed = read.props as SnapshotScheduleOutputs;
    assert.deepEqual(refreshed.snapshots, own, "refresh lists the schedule's own snapshots");
    assert.match(refreshed.lastLogLine ?? "", /schedule=vvt-sched/);
    schedule = refreshed;
  });

  it("a create that finds its own files (a killed `pulumi up`) takes them over; another owner's are refused, naming it", async () => {
    const takeName = testName("schedown");
    const owned = (owner: string) => ({ ...scheduleInputs({ vm: name, name: takeName, schedule: "@daily" }), owner });
    const { outs: first } = await createSchedule(owned("p/dev/SnapshotSchedule/nightly"));
    try {
      assert.match((await readHostText(labHost(), schedulePaths(takeName).configFile)) ?? "", /^owner=p\/dev\/SnapshotSchedule\/nightly$/m);
      const { outs: again } = await createSchedule({ ...owned("p/dev/SnapshotSchedule/nightly"), schedule: "@weekly" });
      assert.equal(again.cronExpression, "0 0 * * 0", "taken over and rewritten");
      assert.match((await readHostText(labHost(), schedulePaths(takeName).cronFile)) ?? "", /^0 0 \* \* 0 root /m);
      await assert.rejects(createSchedule(owned("p/prod/SnapshotSchedule/nightly")), /already installed .*another VoidVM resource \(p\/dev\/SnapshotSchedule\/nightly\)/s);
    } finally {
      await deleteSchedule(first);
    }
    assert.equal(await fileState(schedulePaths(takeName).configFile), "absent");
  });

  it("a run whose VM is gone leaves every snapshot alone and says why in its log", async () => {
    // The installed script, run as a cron job would run it, for a schedule whose VM was removed.
    const host = labHost();
    const before = (await hostSnapshots(host, name))?.snapshots.map((s) => s.name);
    const dir = (await host.run(["mktemp", "-d"])).stdout.trim();
    const conf = `schedule=gone\nuri=${host.uri}\nvm=${name}-removed\nnaming=auto-{timestamp}\nmemory=no\nkeep=1\nlog=${dir}/gone.log\n`;
    await host.run(["sh", "-c", 'cat > "$1"', "sh", `${dir}/gone.conf`], { stdin: conf });
    const run = await host.run(["sh", SNAPSHOT_SCRIPT_PATH, "run", `${dir}/gone.conf`], { allowFailure: true });
    assert.equal(run.exitCode, 1);
    const log = (await readHostText(host, `${dir}/gone.log`)) ?? "";
    assert.match(log, /schedule=gone: FAILED: VM ".*-removed" does not exist \(removed or renamed\?\); no snapshot taken, existing snapshots left alone/);
    await host.run(["rm", "-rf", "--", dir]);
    assert.deepEqual((await hostSnapshots(host, name))?.snapshots.map((s) => s.name), before);
  });

  it("disabling removes the cron entry in place; the snapshots stay", async () => {
    assert.ok(schedule);
    const paths = schedulePaths(scheduleName);
    const own = await ownSnapshots(name, scheduleName);
    schedule = await updateSchedule(schedule, scheduleInputs({ vm: name, name: scheduleName, schedule: "0 3 * * *", maxSnapshots: 2, naming: "vvt-{timestamp}", enabled: false }));
    assert.equal(schedule.enabled, false);
    assert.deepEqual(schedule.nextRuns, []);
    assert.equal(await fileState(paths.cronFile), "absent");
    assert.equal(await fileState(paths.configFile), "root 644");
    assert.deepEqual(await ownSnapshots(name, scheduleName), own);
  });

  it("delete removes the host entry and leaves its snapshots; deleteSnapshotsOnDelete removes only its own", async () => {
    assert.ok(schedule);
    // A second schedule that never fires (enabled: false); its snapshots are taken by the same
    // script code a run uses, tagged with its name.
    ({ outs: other } = await createSchedule(scheduleInputs({ vm: name, name: otherName, schedule: "@yearly", enabled: false, deleteSnapshotsOnDelete: true })));
    // No maxSnapshots given: the checked inputs leave it out, the host and the outputs keep the default.
    assert.equal(other.maxSnapshots, 7);
    assert.match((await labHost().run(["cat", "--", schedulePaths(otherName).configFile])).stdout, /^keep=7$/m);
    for (const snapshot of ["other-1", "other-2"]) {
      const result = await labHost().runRemoteScript("snapshot", ["create", labHost().uri, name, snapshot, "no", "", otherName, "yes"]);
      assert.match(result.stdout, /created disk-only running/);
    }
    const firstOwn = await ownSnapshots(name, scheduleName);
    assert.equal(firstOwn.length, 2);

    await deleteSchedule(schedule);
    const paths = schedulePaths(scheduleName);
    assert.equal(await fileState(paths.cronFile), "absent");
    assert.equal(await fileState(paths.configFile), "absent");
    assert.deepEqual(await ownSnapshots(name, scheduleName), firstOwn, "deleting a schedule leaves its snapshots by default");
    assert.equal((await readSchedule("x", schedule)).id, "", "refresh sees it gone");
    schedule = undefined;

    await deleteSchedule(other);
    other = undefined;
    const names = (await hostSnapshots(labHost(), name))?.snapshots.map((s) => s.name) ?? [];
    assert.ok(!names.includes("other-1") && !names.includes("other-2"), names.join(", "));
    assert.ok(names.includes("manual-keep"));
    assert.ok(firstOwn.every((n) => names.includes(n)), "the first schedule's snapshots are not its own");
    assert.equal(await fileState(schedulePaths(otherName).cronFile), "absent");
  });
});
