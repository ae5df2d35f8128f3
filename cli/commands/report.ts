import { writeFileSync } from "fs";
import { getVmMetrics } from "../../provider/operations";
import { REPORT_FIELDS, REPORT_PERIODS, summarize, type ReportPeriod } from "../../provider/metrics/summary";
import { UsageError, type CliCommand } from "../shared/command";
import { renderPng } from "../report/chromium";
import { renderReportHtml, REPORT_CHARTS } from "../report/html";
import { CHART_HEIGHT } from "../report/svg-chart";
import { renderTable } from "../shared/table";

const PERIODS = Object.keys(REPORT_PERIODS) as ReportPeriod[];

/** `voidvm report VM --period 1h|24h|7d|30d [--html FILE | --png FILE] [--json]`: from the host collector's history. */
export const reportCommand: CliCommand = {
  name: "report",
  help: `  voidvm report VM [--period 1h|24h|7d|30d]  averages, p95 and maxima per metric from the
         [--html FILE | --png FILE] [--json]     host collector's history (a voidvm.Monitoring);
         [--to ISO-TIME]                         --html: a page with charts, --png: its picture;
                                                 --to: the period's end (default now)`,
  options: { period: { type: "string" }, html: { type: "string" }, png: { type: "string" }, to: { type: "string" } },
  async run(args, values, context) {
    if (args.length !== 1) throw new UsageError("usage: voidvm report VM [--period 1h|24h|7d|30d] [--html FILE | --png FILE] [--json]");
    const vm = args[0] as string;
    const period = (values.period ?? "1h") as ReportPeriod;
    if (!PERIODS.includes(period)) throw new UsageError(`--period must be one of ${PERIODS.join(", ")}`);
    const to = typeof values.to === "string" ? Date.parse(values.to) / 1000 : Date.now() / 1000;
    if (!Number.isFinite(to)) throw new UsageError(`--to ${String(values.to)} is not a time; give ISO 8601, e.g. 2026-12-04T15:00:00Z`);
    const from = to - REPORT_PERIODS[period];
    const { connection, label } = context.connection();
    const samples = await getVmMetrics({ connection, vm }, { from: from * 1000, to: to * 1000 });
    const summary = summarize(samples);
    const report = { vm, host: label, period, from, to, samples, summary };
    if (typeof values.html === "string") writeFileSync(values.html, renderReportHtml(report));
    if (typeof values.png === "string") await renderPng(renderReportHtml(report), values.png, { width: 920, height: 330 + REPORT_CHARTS.length * (CHART_HEIGHT + 20) });
    if (values.json) {
      context.out(JSON.stringify({ vm, host: label, period, from: new Date(from * 1000).toISOString(), to: new Date(to * 1000).toISOString(), samples: samples.length, metrics: summary }, null, 2) + "\n");
      return 0;
    }
    context.out(`VM "${vm}" on ${label}, last ${period}: ${samples.length} samples.\n\n`);
    context.out(renderTable(["METRIC", "AVERAGE", "P95", "MAX"], REPORT_FIELDS.map(({ field, label: name }) => [name, String(summary[field].average), String(summary[field].p95), String(summary[field].max)])));
    if (typeof values.html === "string") context.out(`\nWrote ${values.html}.\n`);
    if (typeof values.png === "string") context.out(`\nWrote ${values.png}.\n`);
    return 0;
  },
};
