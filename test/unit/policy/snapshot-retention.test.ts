import { strict as assert } from "assert";
import { snapshotRetentionSet } from "../../../policy/rules/snapshot-retention";
import { checkSchedule } from "../../../provider/resources/snapshot-schedule/check";
import { context, resource, settingsFrom } from "./helpers";

const check = (props: Record<string, unknown>) =>
  snapshotRetentionSet.violations(resource("SnapshotSchedule", "nightly", props), settingsFrom(snapshotRetentionSet.settings), context());

describe("policy snapshot-retention-set", () => {
  it("refuses a schedule without maxSnapshots, as the provider's check leaves it, naming the default and the fix", () => {
    const checked = checkSchedule({}, { vm: "web", schedule: "0 2 * * *", autonamePrefix: "nightly" });
    assert.ok(checked.inputs);
    const [message, ...rest] = check(checked.inputs as unknown as Record<string, unknown>);
    assert.equal(rest.length, 0);
    assert.match(message ?? "", /^SnapshotSchedule "nightly" sets no maxSnapshots, so it keeps 7 snapshots \(the default\).*set maxSnapshots \(1-1000\)\.$/);
  });

  it("passes a schedule that chose its retention, even the default", () => {
    assert.deepEqual(check({ vm: "web", schedule: "0 2 * * *", maxSnapshots: 7 }), []);
  });
});
