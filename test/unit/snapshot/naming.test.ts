import { strict as assert } from "assert";
import { expandNaming, namingProblems } from "../../../provider/resources/snapshot-schedule/naming";

describe("snapshot schedule: naming patterns", () => {
  it("accepts patterns with a unique part", () => {
    for (const pattern of ["auto-{timestamp}", "{vm}-{unix}", "nightly_{date}.{time}", "{schedule}-{timestamp}"]) {
      assert.deepEqual(namingProblems(pattern), [], pattern);
    }
  });

  const refusals: Array<[string, RegExp]> = [
    ["", /is empty/],
    ["auto", /must contain \{timestamp\}, \{unix\}, or both \{date\} and \{time\}/],
    ["auto-{date}", /must contain \{timestamp\}/],
    ["auto-{stamp}", /unknown placeholder \{stamp\}; the placeholders are \{timestamp\}/],
    ["auto {timestamp}", /contains " "/],
    ["auto/{timestamp}", /contains "\/"/],
    ["auto-{timestamp", /unmatched/],
    ["-{timestamp}", /must not start with "-"/],
    ["x".repeat(101) + "{unix}", /at most 100/],
  ];
  for (const [pattern, reason] of refusals) {
    it(`refuses ${JSON.stringify(pattern.slice(0, 30))}`, () => {
      const problems = namingProblems(pattern);
      assert.ok(problems.some((p) => reason.test(p)), problems.join(" | "));
    });
  }

  it("expands placeholders as the host script does", () => {
    const at = new Date("2025-01-31T02:03:04Z");
    assert.equal(expandNaming("auto-{timestamp}", { at, vm: "web", schedule: "nightly" }), "auto-20250131T020304Z");
    assert.equal(expandNaming("{vm}-{date}-{time}-{unix}-{schedule}", { at, vm: "web", schedule: "n" }), "web-2025-01-31-020304-1738288984-n");
  });
});
