import { strict as assert } from "assert";
import { checkSnapshot } from "../../../provider/resources/snapshot/check";
import { diffSnapshot } from "../../../provider/resources/snapshot/diff";
import type { SnapshotOutputs } from "../../../provider/resources/snapshot/outputs";
import { UNKNOWN } from "../../../provider/validation/unknowns";
import { checkSchedule } from "../../../provider/resources/snapshot-schedule/check";
import { scheduleRetention } from "../../../provider/resources/snapshot-schedule/schema";
import { diffSchedule } from "../../../provider/resources/snapshot-schedule/diff";
import type { SnapshotScheduleOutputs } from "../../../provider/resources/snapshot-schedule/outputs";

describe("Snapshot check and diff", () => {
  it("fills defaults and autonames from the resource name, stable across checks", () => {
    const first = checkSnapshot({}, { vm: "web", autonamePrefix: "pre-upgrade" });
    assert.ok(first.inputs);
    assert.match(first.inputs.name, /^pre-upgrade-[0-9a-f]{7}$/);
    assert.equal(first.inputs.includeMemory, false);
    const again = checkSnapshot({ ...first.inputs, autonamePrefix: "pre-upgrade" }, { vm: "web", autonamePrefix: "pre-upgrade" });
    assert.equal(again.inputs?.name, first.inputs.name);
  });

  it("reports every problem at once", () => {
    const outcome = checkSnapshot({}, { vm: "", name: "a/b", includeMemory: "yes", description: "x\n[voidvm memory=no captured=running]" });
    const properties = (outcome.failures ?? []).map((f) => f.property).sort();
    assert.deepEqual(properties, ["description", "includeMemory", "name", "vm"]);
    const description = outcome.failures?.find((f) => f.property === "description");
    assert.match(description?.reason ?? "", /VoidVM uses such a line to tag/);
  });

  it("passes unknown values through in preview", () => {
    const outcome = checkSnapshot({}, { vm: UNKNOWN, vmUuid: UNKNOWN, name: "s" });
    assert.equal(outcome.inputs?.vm, UNKNOWN);
  });

  const olds: SnapshotOutputs = {
    vm: "web",
    vmUuid: "u1",
    name: "s1",
    description: "d",
    includeMemory: true,
    domainUuid: "u1",
    createdAt: "2025-01-01T00:00:00.000Z",
    capturedState: "running",
    kind: "full",
    location: "internal",
  };

  it("description changes in place; what the snapshot captures replaces it", () => {
    const same = diffSnapshot(olds, { vm: "web", vmUuid: "u1", name: "s1", description: "d", includeMemory: true });
    assert.equal(same.changes, false);
    const described = diffSnapshot(olds, { vm: "web", vmUuid: "u1", name: "s1", description: "new", includeMemory: true });
    assert.deepEqual(described.replaces, []);
    assert.equal(described.detailedDiff.description?.kind, "update");
    const memory = diffSnapshot(olds, { vm: "web", vmUuid: "u1", name: "s1", description: "d", includeMemory: false });
    assert.deepEqual(memory.replaces, ["includeMemory"]);
    assert.equal(memory.deleteBeforeReplace, true, "the same name on the same VM must be freed first");
    const renamed = diffSnapshot(olds, { vm: "web", vmUuid: "u1", name: "s2", description: "d", includeMemory: true });
    assert.equal(renamed.deleteBeforeReplace, false);
  });

  it("a replaced VM (new or unknown uuid) takes the snapshot again", () => {
    assert.deepEqual(diffSnapshot(olds, { vm: "web", vmUuid: "u2", name: "s1", description: "d", includeMemory: true }).replaces, ["vmUuid"]);
    assert.deepEqual(diffSnapshot(olds, { vm: "web", vmUuid: UNKNOWN, name: "s1", description: "d", includeMemory: true }).replaces, ["vmUuid"]);
  });
});

describe("SnapshotSchedule check and diff", () => {
  it("refuses a bad cron expression and a bad naming pattern in the same check", () => {
    const outcome = checkSchedule({}, { vm: "web", name: "nightly", schedule: "61 * * * *", naming: "snap" });
    const byProperty = Object.fromEntries((outcome.failures ?? []).map((f) => [f.property, f.reason]));
    assert.match(byProperty.schedule ?? "", /"61 \* \* \* \*" is not a valid cron expression/);
    assert.match(byProperty.naming ?? "", /"snap" must contain \{timestamp\}/);
  });

  it("fills defaults and makes a cron-safe name from the resource name", () => {
    const outcome = checkSchedule({}, { vm: "web", schedule: "0 2 * * *", autonamePrefix: "nightly.backup (web)" });
    assert.ok(outcome.inputs);
    assert.match(outcome.inputs.name, /^nightly-backup-web-[0-9a-f]{7}$/);
    // Retention is left as the program gave it (none), so a policy can see it was not chosen.
    assert.equal(outcome.inputs.maxSnapshots, undefined);
    assert.equal(scheduleRetention(outcome.inputs), 7);
    assert.equal(outcome.inputs.naming, "auto-{timestamp}");
    assert.equal(outcome.inputs.enabled, true);
    assert.equal(outcome.inputs.includeMemory, false);
    assert.equal(outcome.inputs.deleteSnapshotsOnDelete, false);
  });

  it("refuses names cron would ignore", () => {
    const outcome = checkSchedule({}, { vm: "web", schedule: "@daily", name: "my.schedule" });
    assert.match(outcome.failures?.[0]?.reason ?? "", /cron ignores other file names/);
  });

  it("every change but the name (and host) rewrites the entry in place", () => {
    const olds = {
      vm: "web",
      name: "n1",
      schedule: "0 2 * * *",
      maxSnapshots: 7,
      naming: "auto-{timestamp}",
      includeMemory: false,
      enabled: true,
      deleteSnapshotsOnDelete: false,
    } as SnapshotScheduleOutputs;
    const changed = diffSchedule(olds, { ...olds, schedule: "0 3 * * *", maxSnapshots: 3, enabled: false });
    assert.deepEqual(changed.replaces, []);
    assert.deepEqual(Object.keys(changed.detailedDiff).sort(), ["enabled", "maxSnapshots", "schedule"]);
    assert.deepEqual(diffSchedule(olds, { ...olds, name: "n2" }).replaces, ["name"]);
    assert.equal(diffSchedule(olds, { ...olds }).changes, false);
    // A schedule stored with the default and a program that still leaves maxSnapshots out: no change.
    assert.equal(diffSchedule(olds, { ...olds, maxSnapshots: undefined }).changes, false);
    assert.deepEqual(Object.keys(diffSchedule(olds, { ...olds, maxSnapshots: undefined, schedule: "0 4 * * *" }).detailedDiff), ["schedule"]);
  });
});
