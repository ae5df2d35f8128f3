import { strict as assert } from "assert";
import { parseInterval } from "../../../cli/commands/interval";
import { renderVmMetrics, sparkline } from "../../../cli/commands/metrics-view";
import type { MetricSample } from "../../../provider/metrics/sample";

function sample(time: number, cpuPercent: number): MetricSample {
  return { vm: "web", time, state: "running", cpuPercent, memoryPercent: 40, diskReadMBps: 0, diskWriteMBps: 1.5, netRxMBps: 0.25, netTxMBps: 0 };
}

describe("voidvm metrics: the terminal view", () => {
  it("sparklines scale to 100 for percentages and to the peak for rates; all zeros are flat", () => {
    assert.equal(sparkline([0, 50, 100], 100), "▁▅█");
    assert.equal(sparkline([0, 200], 100), "▁█", "values above the top are drawn at the top");
    assert.equal(sparkline([1, 2, 4]), "▃▅█");
    assert.equal(sparkline([0, 0, 0]), "▁▁▁");
    assert.equal(sparkline([]), "");
  });

  it("a VM's block: the newest figures, with a sparkline per metric once there are two samples", () => {
    const one = renderVmMetrics("web", [sample(1764800000, 12.34)]);
    assert.equal(
      one,
      ["web  running  at 22:13:20 UTC", "  cpu               12.3 %", "  memory            40.0 %", "  disk read      0.00 MB/s", "  disk write     1.50 MB/s", "  net rx         0.25 MB/s", "  net tx         0.00 MB/s", ""].join("\n"),
    );
    const two = renderVmMetrics("web", [sample(1764800000, 0), sample(1764800005, 100)]);
    assert.match(two, /\n {2}cpu +100\.0 % {2}▁█\n/);
    assert.match(two, /\n {2}disk write {5}1\.50 MB\/s {2}██\n/);
    assert.equal(renderVmMetrics("web", []), "web: waiting for the first sample…\n");
  });

  it("--interval: 5s, 500ms, 1m or seconds; refuses other text and values out of range", () => {
    assert.equal(parseInterval(undefined, 5), 5);
    assert.equal(parseInterval("5s", 1), 5);
    assert.equal(parseInterval("500ms", 1), 0.5);
    assert.equal(parseInterval("1m", 1), 60);
    assert.equal(parseInterval("2", 1), 2);
    assert.throws(() => parseInterval("fast", 1), /--interval fast: write a duration such as 5s/);
    assert.throws(() => parseInterval("-1s", 1), /write a duration/);
    assert.throws(() => parseInterval("100ms", 1), /must be at least 0.5 seconds/);
    assert.throws(() => parseInterval("2h", 1), /write a duration/);
    assert.throws(() => parseInterval("61m", 1), /at most 3600 seconds/);
  });
});
