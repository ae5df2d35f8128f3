import { strict as assert } from "assert";
import { formatMarker, joinSnapshotDescription, parseSnapshotDescription } from "../../../provider/xml/snapshot-marker";

describe("snapshot tags in libvirt descriptions", () => {
  it("round-trips the user's text and the tag", () => {
    const marker = { memory: false, captured: "running" as const, schedule: "nightly-1" };
    const full = joinSnapshotDescription("before upgrade\nsecond line", marker);
    assert.equal(full, "before upgrade\nsecond line\n[voidvm memory=no captured=running schedule=nightly-1]");
    assert.deepEqual(parseSnapshotDescription(full), { description: "before upgrade\nsecond line", marker });
  });

  it("a tag alone, and text without a tag", () => {
    assert.deepEqual(parseSnapshotDescription("[voidvm memory=yes captured=paused]"), { marker: { memory: true, captured: "paused" } });
    assert.deepEqual(parseSnapshotDescription("made by hand"), { description: "made by hand" });
    assert.deepEqual(parseSnapshotDescription(undefined), {});
    assert.equal(formatMarker({ memory: true, captured: "stopped" }), "[voidvm memory=yes captured=stopped]");
  });

  it("only a well-formed last line counts as a tag", () => {
    assert.deepEqual(parseSnapshotDescription("[voidvm memory=maybe captured=running]"), { description: "[voidvm memory=maybe captured=running]" });
    assert.deepEqual(parseSnapshotDescription("[voidvm memory=no captured=running]\nafter"), { description: "[voidvm memory=no captured=running]\nafter" });
  });

  it("carries the Snapshot resource's owner percent-encoded, so any owner round-trips and the user's text stays byte-exact", () => {
    const owner = "proj/dev/Snapshot/before ]upgrade\n[voidvm x] $(rm) é/../";
    const description = "line one\n  [not a tag]  \n\ttabs and trailing spaces  ";
    const marker = { memory: true, captured: "running" as const, owner };
    const full = joinSnapshotDescription(description, marker);
    const tag = full.split("\n").pop() ?? "";
    assert.match(tag, /^\[voidvm memory=yes captured=running owner=[A-Za-z0-9%._~!*'()-]+\]$/);
    assert.deepEqual(parseSnapshotDescription(full), { description, marker });
    const both = formatMarker({ memory: false, captured: "stopped", owner: "p/s/Snapshot/n", schedule: "nightly" });
    assert.equal(both, "[voidvm memory=no captured=stopped owner=p%2Fs%2FSnapshot%2Fn schedule=nightly]", "schedule= stays last (snapshot-list.sh matches it there)");
    assert.deepEqual(parseSnapshotDescription(both).marker, { memory: false, captured: "stopped", owner: "p/s/Snapshot/n", schedule: "nightly" });
  });
});
