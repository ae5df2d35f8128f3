import type { MetricSample } from "../../provider/metrics/sample";
import { REPORT_FIELDS, type FieldSummary, type ReportField } from "../../provider/metrics/summary";
import { svgLineChart, type ChartSeries } from "./svg-chart";

export interface ReportData {
  vm: string;
  host: string;
  period: string;
  /** Unix seconds. */
  from: number;
  to: number;
  samples: readonly MetricSample[];
  summary: Record<ReportField, FieldSummary>;
}

/** The charts of a report: each a title, its lines (field and colour) and the least top of its y axis. */
export const REPORT_CHARTS: ReadonlyArray<{ title: string; minMax: number; lines: ReadonlyArray<{ field: ReportField; name: string; color: string }> }> = [
  { title: "CPU (% of the VM's vCPUs)", minMax: 100, lines: [{ field: "cpuPercent", name: "cpu", color: "#d62728" }] },
  { title: "Memory (%)", minMax: 100, lines: [{ field: "memoryPercent", name: "memory", color: "#1f77b4" }] },
  { title: "Disk (MB/s)", minMax: 0.01, lines: [{ field: "diskReadMBps", name: "read", color: "#2ca02c" }, { field: "diskWriteMBps", name: "write", color: "#ff7f0e" }] },
  { title: "Network (MB/s)", minMax: 0.01, lines: [{ field: "netRxMBps", name: "rx", color: "#9467bd" }, { field: "netTxMBps", name: "tx", color: "#8c564b" }] },
];

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");

/** Pure: a self-contained HTML page (no scripts, no outside resources): the summary table and inline SVG charts. */
export function renderReportHtml(report: ReportData): string {
  const rows = REPORT_FIELDS.map(({ field, label }) => {
    const s = report.summary[field];
    return `<tr><td>${esc(label)}</td><td>${s.average}</td><td>${s.p95}</td><td>${s.max}</td></tr>`;
  }).join("\n");
  // The charts start at the first sample of the period: history younger than the period leaves no empty stretch.
  const chartFrom = Math.max(report.from, report.samples[0]?.time ?? report.from);
  const charts = REPORT_CHARTS.map((chart) => {
    const series: ChartSeries[] = chart.lines.map((line) => ({ name: line.name, color: line.color, points: report.samples.map((s) => [s.time, s[line.field]] as const) }));
    return `<figure>${svgLineChart(chart.title, series, chartFrom, report.to, chart.minMax)}</figure>`;
  }).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>VoidVM report: ${esc(report.vm)} (${esc(report.period)})</title>
<style>
body { font-family: sans-serif; margin: 24px; color: #222; background: #fff; }
table { border-collapse: collapse; margin: 12px 0 20px; }
th, td { border: 1px solid #ccc; padding: 4px 12px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 0 0 16px; }
.meta { color: #555; }
</style></head>
<body>
<h1>VM ${esc(report.vm)}: last ${esc(report.period)}</h1>
<p class="meta">Host ${esc(report.host)}, ${iso(report.from)} to ${iso(report.to)}, ${report.samples.length} samples (from the host collector's history${chartFrom > report.from ? `, which starts at ${iso(chartFrom)}` : ""}).</p>
<table><thead><tr><th>Metric</th><th>Average</th><th>p95</th><th>Max</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${charts}
</body></html>
`;
}
