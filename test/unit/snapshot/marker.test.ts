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
});
