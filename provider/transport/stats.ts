import { appendFileSync } from "fs";

/** Counters of SSH work, read by tests ("a preview opens no connection") and benchmarks. */
export interface TransportStats {
  connectionsOpened: number;
  execs: number;
  failedDials: number;
}

/** The same counters for one SSH endpoint (`host:port`), to see that each host has a pool of its own. */
export type EndpointStats = Record<string, { connectionsOpened: number; execs: number }>;

const stats: TransportStats = { connectionsOpened: 0, execs: 0, failedDials: 0 };
let byEndpoint: EndpointStats = {};

export function transportStats(): Readonly<TransportStats> {
  return { ...stats };
}

export function transportStatsByEndpoint(): EndpointStats {
  return structuredClone(byEndpoint);
}

function endpointEntry(endpoint: string): EndpointStats[string] {
  return (byEndpoint[endpoint] ??= { connectionsOpened: 0, execs: 0 });
}

/** @param endpoint `host:port` of the SSH server the connection reached. */
export function countConnection(endpoint: string): void {
  stats.connectionsOpened++;
  endpointEntry(endpoint).connectionsOpened++;
  appendToStatsFile();
}

/** @param endpoint `host:port` of the SSH server the command runs on. */
export function countExec(endpoint: string): void {
  stats.execs++;
  endpointEntry(endpoint).execs++;
  appendToStatsFile();
}

export function countFailedDial(): void {
  stats.failedDials++;
}

export function resetTransportStats(): void {
  stats.connectionsOpened = 0;
  stats.execs = 0;
  stats.failedDials = 0;
  byEndpoint = {};
}

/**
 * When VOIDVM_TRANSPORT_STATS_FILE is set (tests of the real Pulumi CLI do this), every
 * connection and exec is also appended to that file, because the dynamic provider runs in a
 * process of its own that the test cannot inspect.
 */
function appendToStatsFile(): void {
  const file = process.env.VOIDVM_TRANSPORT_STATS_FILE;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ pid: process.pid, ...stats, byEndpoint, rssBytes: process.memoryUsage.rss(), at: Date.now(), processStartedAt: Math.round(performance.timeOrigin) }) + "\n");
}
