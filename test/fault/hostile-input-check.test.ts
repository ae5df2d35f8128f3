import { strict as assert } from "assert";
import { HOSTILE_FIELDS, HOSTILE_VALUES, checkOf, valueAt, withValue } from "../support/hostile-inputs";

describe("hostile input through every resource's check: round-trips byte-exactly or is refused naming the property", () => {
  it("the table has every resource kind", () => {
    const kinds = new Set(HOSTILE_FIELDS.map((f) => f.kind));
    assert.deepEqual([...kinds].sort(), ["Disk", "Image", "NetworkInterface", "PortForward", "Snapshot", "SnapshotSchedule", "VirtualMachine"]);
  });

  for (const field of HOSTILE_FIELDS) {
    describe(`${field.kind}.${field.property}`, () => {
      it("accepts the table's harmless value (so a refusal below is about the hostile value)", async () => {
        const outcome = await checkOf(field.kind)(field.base);
        assert.equal(outcome.failures, undefined, JSON.stringify(outcome.failures));
      });

      for (const { label, value } of HOSTILE_VALUES) {
        it(label, async () => {
          const given = (field.shape ?? ((v: string) => v))(value);
          const outcome = await checkOf(field.kind)(withValue(field.base, field.property, given));
          if (outcome.failures?.length) {
            const named = outcome.failures.filter((f) => f.property === field.property);
            assert.ok(named.length > 0, `refused, but no failure names ${field.property}: ${JSON.stringify(outcome.failures)}`);
            for (const failure of named) assert.ok(failure.reason.length > 10, `a reason in words: ${JSON.stringify(failure)}`);
            return;
          }
          assert.ok(outcome.inputs, "check returned inputs");
          assert.equal(valueAt(outcome.inputs, field.property), given, "accepted, so it must come back byte-exactly");
        });
      }
    });
  }
});
