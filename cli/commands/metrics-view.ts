import type { MetricSample } from "../../provider/metrics/sample";

const BARS = "▁▂▃▄▅▆▇█";

/**
 * The values as a sparkline, one bar each, scaled to `top` (for percentages, 100) or else to
 * the largest value; all-zero values are all the lowest bar.
 */
export function sparkline(values: readonly number[], top?: number): string {
  const scale = top ?? Math.max(0, ...values);
  return values
    .map((v) => {
      const level = scale > 0 ? Math.round((Math.min(Math.max(v, 0), scale) / scale) * (BARS.length - 1)) : 0;
      return BARS[level];
    })
    .join("");
}

interface Row {
  label: string;
  field: keyof Pick<MetricSample, "cpuPercent" | "memoryPercent" | "diskReadMBps" | "diskWriteMBps" | "netRxMBps" | "netTxMBps">;
  unit: string;
  /** The sparkline's top: percentages are drawn against 100, rates against their own peak. */
  top?: number;
}

const ROWS: Row[] = [
  { label: "cpu", field: "cpuPercent", unit: "%", top: 100 },
  { label: "memory", field: "memoryPercent", unit: "%", top: 100 },
  { label: "disk read", field: "diskReadMBps", unit: "MB/s" },
  { label: "disk write", field: "diskWriteMBps", unit: "MB/s" },
  { label: "net rx", field: "netRxMBps", unit: "MB/s" },
  { label: "net tx", field: "netTxMBps", unit: "MB/s" },
];

function figure(value: number, unit: string): string {
  return `${value.toFixed(unit === "%" ? 1 : 2)} ${unit}`;
}

/**
 * One VM's block: a heading (name, state, time of the newest sample) and a row per metric with
 * the newest figure and, for more than one sample, a sparkline of the recent ones (oldest left).
 */
export function renderVmMetrics(vm: string, history: readonly MetricSample[]): string {
  const newest = history[history.length - 1];
  if (!newest) return `${vm}: waiting for the first sample…\n`;
  const when = new Date(newest.time * 1000).toISOString().slice(11, 19);
  const lines = [`${vm}  ${newest.state}  at ${when} UTC`];
  const width = Math.max(...ROWS.map((r) => r.label.length));
  for (const row of ROWS) {
    const now = figure(newest[row.field], row.unit).padStart(12);
    const spark = history.length > 1 ? `  ${sparkline(history.map((s) => s[row.field]), row.top)}` : "";
    lines.push(`  ${row.label.padEnd(width)}  ${now}${spark}`);
  }
  return lines.join("\n") + "\n";
}

/** ANSI: cursor to the top left, then clear the screen: each refresh draws over the last one. */
export const HOME_AND_CLEAR = "\x1b[H\x1b[2J";
