import { strict as assert } from "assert";
import { checkCron, nextRuns } from "../../../provider/resources/snapshot-schedule/cron";

describe("snapshot schedule: cron expressions", () => {
  it("accepts five fields and describes them in words", () => {
    const result = checkCron("0 2 * * *");
    assert.ok(result.ok);
    assert.equal(result.normalized, "0 2 * * *");
    assert.equal(result.words, "At 02:00");
    const every = checkCron(" *  * * * * ");
    assert.ok(every.ok);
    assert.equal(every.normalized, "* * * * *");
    assert.equal(every.words, "Every minute");
  });

  it("writes names of months and days as numbers (cron refuses ranges of names)", () => {
    const result = checkCron("30 3 * jan-mar MON-FRI");
    assert.ok(result.ok);
    assert.equal(result.normalized, "30 3 * 1-3 1-5");
  });

  it("expands the @ shorthands and refuses @reboot", () => {
    const daily = checkCron("@daily");
    assert.ok(daily.ok);
    assert.equal(daily.normalized, "0 0 * * *");
    const reboot = checkCron("@reboot");
    assert.ok(!reboot.ok);
    assert.match(reboot.reason, /only when the host boots/);
    const unknown = checkCron("@often");
    assert.ok(!unknown.ok);
    assert.match(unknown.reason, /not a cron shorthand/);
  });

  const refusals: Array<[string, RegExp]> = [
    ["", /is empty/],
    ["* * * *", /has 4 fields; a cron expression has 5/],
    ["0 * * * * *", /6 fields.*seconds/s],
    ["61 * * * *", /not a valid cron expression: .*0-59/],
    ["0 0 31 2 *", /not a valid cron expression/],
    ["*/0 * * * *", /not a valid cron expression/],
    ["0 0 L * *", /day of month field "L" uses syntax the host's cron does not understand/],
    ["0 0 * * 1#2", /day of week field/],
    ["0 0 ? * *", /day of month field/],
    ["every day", /has 2 fields/],
  ];
  for (const [expression, reason] of refusals) {
    it(`refuses ${JSON.stringify(expression)} with a message that says why`, () => {
      const result = checkCron(expression);
      assert.ok(!result.ok, `${expression} was accepted`);
      assert.match(result.reason, reason);
      assert.match(result.reason, /Examples:/);
    });
  }

  it("computes the next runs in the host's time zone", () => {
    const from = new Date("2025-01-31T01:30:00Z");
    assert.deepEqual(nextRuns("0 2 * * *", "UTC", 2, from), ["2025-01-31T02:00:00.000Z", "2025-02-01T02:00:00.000Z"]);
    // 02:00 in Berlin (UTC+1 in winter) is 01:00 UTC: the next one is the following day.
    assert.deepEqual(nextRuns("0 2 * * *", "Europe/Berlin", 1, from), ["2025-02-01T01:00:00.000Z"]);
  });
});
