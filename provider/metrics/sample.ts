/**
 * One reading of a VM's figures, as the host's sampler prints it (one JSON line each; see
 * provider/remote-scripts/lib/metrics-sample.sh, the one way figures are taken on a host). The
 * live stream and the host collector's history hold exactly this shape.
 */
export interface MetricSample {
  /** The domain's name. */
  vm: string;
  /** When it was taken: Unix time in seconds (milliseconds as the fraction). */
  time: number;
  /** running, paused, stopped, suspended, shutting-down, crashed or other. */
  state: string;
  /** Of the VM's vCPUs: 100 means every vCPU is busy. */
  cpuPercent: number;
  /** The guest's own figure where its balloon driver reports it, else QEMU's resident memory over the VM's memory. */
  memoryPercent: number;
  /** 10^6 bytes a second, summed over the VM's disks. */
  diskReadMBps: number;
  diskWriteMBps: number;
  /** 10^6 bytes a second, summed over the VM's interfaces. */
  netRxMBps: number;
  netTxMBps: number;
}

/** The metrics an alert rule or a report speaks of, and the sample fields behind each. */
export const METRIC_FIELDS = {
  cpu: ["cpuPercent"],
  memory: ["memoryPercent"],
  disk: ["diskReadMBps", "diskWriteMBps"],
  network: ["netRxMBps", "netTxMBps"],
} as const satisfies Record<string, readonly (keyof MetricSample)[]>;

export type MetricName = keyof typeof METRIC_FIELDS;

/** Parses one line of the sampler's output; undefined for a line that is not a sample. */
export function parseMetricLine(line: string): MetricSample | undefined {
  if (!line.startsWith("{")) return undefined;
  const value = JSON.parse(line) as MetricSample;
  return typeof value.vm === "string" && typeof value.time === "number" ? value : undefined;
}
