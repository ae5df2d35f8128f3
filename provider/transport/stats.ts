import { appendFileSync } from "fs";

/** Counters of SSH work, read by tests ("a preview opens no connection") and benchmarks. */
export interface TransportStats {
  connectionsOpened: number;
  execs: number;
  failedDials: number;
}

const stats: TransportStats = { connectionsOpened: 0, execs: 0, failedDials: 0 };

export function transportStats(): Readonly<TransportStats> {
  return { ...stats };
}

export function countConnection(): void {
  stats.connectionsOpened++;
  appendToStatsFile();
}

export function countExec(): void {
  stats.execs++;
  appendToStatsFile();
}

export function countFailedDial(): void {
  stats.failedDials++;
}

export function resetTransportStats(): void {
  stats.connectionsOpened = 0;
  stats.execs = 0;
  stats.failedDials = 0;
}

/**
 * When VOIDVM_TRANSPORT_STATS_FILE is set (tests of the real Pulumi CLI do this), every
 * connection and exec is also appended to that file, because the dynamic provider runs in a
 * process of its own that the test cannot inspect.
 */
function appendToStatsFile(): void {
  const file = process.env.VOIDVM_TRANSPORT_STATS_FILE;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ pid: process.pid, ...stats, rssBytes: process.memoryUsage.rss(), at: Date.now(), processStartedAt: Math.round(performance.timeOrigin) }) + "\n");
}
