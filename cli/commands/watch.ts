import { streamVmMetrics } from "../../provider/metrics/stream";
import { startWatchServer } from "../watch/server";
import { UsageError, type CliCommand } from "../shared/command";
import { parseInterval } from "./interval";
import { stopOnSignals } from "./metrics";

/**
 * `voidvm watch VM...`: serves a local page (127.0.0.1, a random port, a random token in the
 * URL) whose charts are pushed over a WebSocket from one live metrics stream, and prints its URL.
 * Runs until Ctrl-C.
 */
export const watchCommand: CliCommand = {
  name: "watch",
  help: `  voidvm watch   VM... [--interval 5s]      the same as charts in a browser: prints a local URL`,
  options: { interval: { type: "string" } },
  run: async (args, flags, { connection }) => {
    const vms = [...new Set(args)];
    if (!vms.length) throw new UsageError("usage: voidvm watch VM... [--interval 5s]");
    let intervalSeconds: number;
    try {
      intervalSeconds = parseInterval(flags.interval as string | undefined, 5);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const target = connection();
    // The stream first: an unknown VM is refused before a page is served.
    const stream = await streamVmMetrics({ connection: target.connection, vms, intervalSeconds });
    const server = await startWatchServer({ vms, intervalSeconds, source: target.label });
    const unhook = stopOnSignals(stream);
    process.stdout.write(`Charts of ${vms.join(", ")} on ${target.label}, every ${intervalSeconds}s. Open (this machine only):\n${server.url}\nCtrl-C stops.\n`);
    try {
      for await (const sample of stream) server.push(sample);
      server.end("voidvm watch stopped.");
    } catch (error) {
      server.end((error as Error).message);
      throw error;
    } finally {
      unhook();
      await server.close();
    }
    return 0;
  },
};
