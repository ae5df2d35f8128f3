import { strict as assert } from "assert";
import { parseAlertStates, renderAlertRule } from "../../../provider/metrics/alert-files";
import { renderCollectorConfig, renderCollectorCron } from "../../../provider/metrics/collector-files";
import { summarize } from "../../../provider/metrics/summary";
import type { MetricSample } from "../../../provider/metrics/sample";
import { renderReportHtml } from "../../../cli/report/html";

const sample = (time: number, cpu: number): MetricSample => ({ vm: "web", time, state: "running", cpuPercent: cpu, memoryPercent: 10, diskReadMBps: 0, diskWriteMBps: 1, netRxMBps: 0, netTxMBps: 0 });

describe("Collector files, alert states and report figures", () => {
  it("config and cron: bounds in bytes split over 4 files; the cron lines hold only fixed paths", () => {
    const conf = renderCollectorConfig({ uri: "qemu:///system", interval: 5, vmHistoryBytes: 64 * 1024 * 1024, totalHistoryBytes: 1024 * 1024 * 1024, owner: "p/s/Monitoring/m\nx=1" });
    assert.match(conf, /^file_bytes=16777216$/m);
    assert.match(conf, /^files=4$/m);
    assert.match(conf, /^total_bytes=1073741824$/m);
    assert.match(conf, /^owner=p\/s\/Monitoring\/m x=1$/m, "a line break cannot add a setting");
    const cron = renderCollectorCron();
    assert.deepEqual(cron.split("\n").filter((l) => /root/.test(l)), [
      "* * * * * root /bin/sh /etc/voidvm/collector.sh ensure /etc/voidvm/monitoring.conf",
      "@reboot root /bin/sh /etc/voidvm/collector.sh ensure /etc/voidvm/monitoring.conf",
    ]);
  });

  it("alert states: rule lines and state lines per rule; no state file is unknown", () => {
    const text = [
      "rule=cpu-high", renderAlertRule({ name: "cpu-high", vm: "web 中", metric: "cpu", condition: ">", threshold: 80, duration: 10, action: "suspend" }).trim(),
      "state=firing", "since=1800000000.500", "value=93.250", "fired=1800000000.500",
      "rule=quiet", "vm=db", "metric=network", "condition=<", "threshold=0.5", "duration=60", "action=notify",
    ].join("\n");
    assert.deepEqual(parseAlertStates(text), [
      { name: "cpu-high", vm: "web 中", metric: "cpu", condition: ">", threshold: 80, duration: 10, action: "suspend", state: "firing", since: 1800000000.5, value: 93.25, lastFired: 1800000000.5 },
      { name: "quiet", vm: "db", metric: "network", condition: "<", threshold: 0.5, duration: 60, action: "notify", state: "unknown" },
    ]);
  });

  it("summary: average, nearest-rank p95 and maximum", () => {
    const samples = Array.from({ length: 20 }, (_, i) => sample(i, i + 1)); // cpu 1..20
    const s = summarize(samples);
    assert.deepEqual(s.cpuPercent, { average: 10.5, p95: 19, max: 20 });
    assert.deepEqual(s.diskWriteMBps, { average: 1, p95: 1, max: 1 });
    assert.deepEqual(summarize([]).cpuPercent, { average: 0, p95: 0, max: 0 });
  });

  it("the HTML report is self-contained, escapes names and draws one line per series", () => {
    const samples = [sample(1000, 10), sample(1005, 90), sample(1010, 50)];
    const html = renderReportHtml({ vm: "<web>", host: "h:22", period: "1h", from: 0, to: 1010, samples, summary: summarize(samples) });
    assert.ok(html.includes("&lt;web&gt;") && !html.includes("<web>"));
    assert.equal((html.match(/<svg /g) ?? []).length, 4);
    assert.equal((html.match(/<polyline /g) ?? []).length, 6, "cpu, memory, disk read and write, network rx and tx");
    assert.ok(!/<script/.test(html));
    assert.match(html, /which starts at 1970-01-01T00:16:40Z/, "the charts begin at the first sample");
  });
});
