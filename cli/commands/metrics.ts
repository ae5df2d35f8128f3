import type { MetricSample } from "../../provider/metrics/sample";
import { streamVmMetrics, type MetricStream } from "../../provider/metrics/stream";
import { UsageError, type CliCommand } from "../shared/command";
import { parseInterval } from "./interval";
import { HOME_AND_CLEAR, renderVmMetrics } from "./metrics-view";

const USAGE = "usage: voidvm metrics VM... [--watch] [--interval 5s] [--json]";
/** Samples a sparkline shows: the most recent ones. */
const RECENT = 40;

/** Closes the stream on Ctrl-C (or SIGTERM, or a closed stdout): the command then exits 0. */
export function stopOnSignals(stream: MetricStream): () => void {
  const stop = () => stream.close();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stdout.on("error", stop);
  return () => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    process.stdout.off("error", stop);
  };
}

/**
 * `voidvm metrics VM...`: one sample of each VM (taken over --interval, default 1s), as a table
 * or, with --json, one JSON line per VM. With --watch, a sample every --interval (default 5s)
 * until Ctrl-C: the terminal view is redrawn in place with a sparkline per metric, or --json
 * prints one line per VM and interval.
 */
export const metricsCommand: CliCommand = {
  name: "metrics",
  help: `  voidvm metrics VM... [--watch] [--interval 5s] [--json]
                                            live CPU, memory, disk and network figures`,
  options: { watch: { type: "boolean" }, interval: { type: "string" } },
  run: async (args, flags, { connection }) => {
    const vms = [...new Set(args)];
    if (!vms.length) throw new UsageError(USAGE);
    let intervalSeconds: number;
    try {
      intervalSeconds = parseInterval(flags.interval as string | undefined, flags.watch ? 5 : 1);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const target = connection();
    const stream = await streamVmMetrics({ connection: target.connection, vms, intervalSeconds, count: flags.watch ? 0 : 1 });
    const unhook = stopOnSignals(stream);
    const histories = new Map<string, MetricSample[]>(vms.map((vm) => [vm, []]));
    const out = (text: string) => process.stdout.write(text);
    const screen = () => vms.map((vm) => renderVmMetrics(vm, histories.get(vm) ?? [])).join("\n");
    if (flags.watch && !flags.json) {
      out(`${HOME_AND_CLEAR}voidvm metrics on ${target.label}: first sample in ${intervalSeconds}s (Ctrl-C stops)\n`);
    }
    try {
      for await (const sample of stream) {
        if (flags.json) {
          out(JSON.stringify(sample) + "\n");
          continue;
        }
        const history = histories.get(sample.vm) ?? [];
        history.push(sample);
        if (history.length > RECENT) history.shift();
        if (flags.watch) out(`${HOME_AND_CLEAR}voidvm metrics on ${target.label}, every ${intervalSeconds}s (Ctrl-C stops)\n\n${screen()}`);
      }
    } finally {
      unhook();
    }
    if (!flags.watch && !flags.json) out(screen());
    return 0;
  },
};
