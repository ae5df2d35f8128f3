import { z } from "zod";
import { remoteHost } from "../config/resolve-connection";
import { NotFoundError, RefusedError } from "../errors";
import type { PartialConnectionSettings } from "../transport/connection-schema";
import type { RemoteLineStream } from "../transport/line-stream";
import { libvirtName } from "../validation/names";
import { parseMetricLine, type MetricSample } from "./sample";

/** Seconds between samples: at least 0.5 s (virsh needs its time), at most an hour. */
export const intervalSeconds = z.number().min(0.5, "must be at least 0.5 seconds").max(3600, "must be at most 3600 seconds (an hour)");

const streamRequest = z.object({
  vms: z.array(libvirtName).min(1, "name at least one VM"),
  intervalSeconds,
  count: z.number().int().min(0).optional(),
});

export interface MetricStreamRequest {
  /** The host; any field left out comes from stack config inside the provider, else it is required. */
  connection?: PartialConnectionSettings;
  /** The VMs (libvirt domain names); each must exist on the host. */
  vms: string[];
  intervalSeconds: number;
  /** Samples per VM, then the stream ends; 0 or left out: until closed. */
  count?: number;
}

/** Live samples of one or more VMs, each VM once per interval, until closed (or `count` is reached). */
export interface MetricStream extends AsyncIterable<MetricSample> {
  /** Stops the stream: the channel closes and the remote sampler ends with it. */
  close(): void;
  /** Resolves when the channel has closed. */
  closed(): Promise<void>;
}

/**
 * Streams the VMs' figures through ONE long-running remote command (metrics-stream.sh) on ONE SSH
 * channel of the pooled transport, however many samples are read. Refuses a VM that does not
 * exist on the host before any sample is taken. The first samples come one interval after the
 * start (rates need two readings).
 */
export async function streamVmMetrics(request: MetricStreamRequest): Promise<MetricStream> {
  const parsed = streamRequest.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RefusedError(`Metrics: ${issue?.path.join(".") || "request"} ${issue?.message ?? "is invalid"}.`);
  }
  const { vms, count = 0 } = parsed.data;
  const host = remoteHost(request.connection);
  const lines = await host.streamRemoteScript("metrics-stream", [host.uri, String(parsed.data.intervalSeconds), String(count), ...vms]);
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done || first.value !== "@@voidvm streaming") {
    if (first.value === "@@voidvm missing") {
      const missing: string[] = [];
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) missing.push(next.value);
      } catch {
        // the script exits 1 after the list: the list is the answer
      }
      throw new NotFoundError(
        `No VM named ${missing.map((m) => `"${m}"`).join(", ")} on ${host.label}: nothing to sample. Check the name (\`virsh list --all\` on the host).`,
      );
    }
    lines.close();
    throw new Error(`The metrics stream on ${host.label} did not start (it printed "${first.value ?? ""}").`);
  }
  return samplesOf(lines, iterator);
}

function samplesOf(lines: RemoteLineStream, iterator: AsyncIterator<string>): MetricStream {
  return {
    close: () => lines.close(),
    closed: () => lines.closed(),
    async *[Symbol.asyncIterator]() {
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          const sample = parseMetricLine(next.value);
          if (sample) yield sample;
        }
      } finally {
        lines.close();
      }
    },
  };
}
