import { NotFoundError } from "../errors";
import type { RemoteHost } from "../transport/remote-host";
import { COLLECTOR_PATHS } from "./collector-files";
import { parseMetricLine, type MetricSample } from "./sample";

/**
 * The host collector's history of one VM with from <= time <= to (Unix seconds), oldest first:
 * one round trip, filtered on the host (remote-scripts/metrics-history.sh).
 */
export async function readHistory(host: RemoteHost, vm: string, from: number, to: number): Promise<MetricSample[]> {
  const { sections } = await host.runRemoteScript("metrics-history", [COLLECTOR_PATHS.historyDir, vm, String(from), String(to)], { timeoutMs: 600_000 });
  if (!sections.has("samples")) {
    throw new NotFoundError(
      `${host.label} holds no metric history of VM "${vm}": no collector samples it. Add a voidvm.Monitoring resource for this host ` +
        `(history starts with its first samples), or check the VM's name.`,
    );
  }
  const samples: MetricSample[] = [];
  for (const line of (sections.get("samples") ?? "").split("\n")) {
    const sample = parseMetricLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}
