import type { MetricSample } from "./sample";

/** The figures a report gives per sample field. */
export interface FieldSummary {
  average: number;
  /** The 95th percentile, nearest rank: 95 % of the samples are at or below it. */
  p95: number;
  max: number;
}

/** The sample fields a report covers, with their labels, in order. */
export const REPORT_FIELDS = [
  { field: "cpuPercent", label: "CPU %" },
  { field: "memoryPercent", label: "Memory %" },
  { field: "diskReadMBps", label: "Disk read MB/s" },
  { field: "diskWriteMBps", label: "Disk write MB/s" },
  { field: "netRxMBps", label: "Network rx MB/s" },
  { field: "netTxMBps", label: "Network tx MB/s" },
] as const satisfies ReadonlyArray<{ field: keyof MetricSample; label: string }>;

export type ReportField = (typeof REPORT_FIELDS)[number]["field"];

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Pure: average, p95 and maximum of each field over the samples (all 0 when there are none). */
export function summarize(samples: readonly MetricSample[]): Record<ReportField, FieldSummary> {
  const result = {} as Record<ReportField, FieldSummary>;
  for (const { field } of REPORT_FIELDS) {
    const values = samples.map((s) => s[field]).sort((a, b) => a - b);
    const n = values.length;
    result[field] = n === 0
      ? { average: 0, p95: 0, max: 0 }
      : { average: round(values.reduce((a, b) => a + b, 0) / n), p95: values[Math.ceil(0.95 * n) - 1] ?? 0, max: values[n - 1] ?? 0 };
  }
  return result;
}

/** The report periods, in seconds. */
export const REPORT_PERIODS = { "1h": 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400 } as const;
export type ReportPeriod = keyof typeof REPORT_PERIODS;
