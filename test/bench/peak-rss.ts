import { readdirSync, readFileSync } from "fs";

/**
 * Watches, every 100 ms, the dynamic provider's node processes of one Pulumi program (command
 * line naming @pulumi/pulumi's dynamic-provider, environment pointing at that program's backend)
 * and keeps the highest VmHWM (peak resident set) any of them reported.
 */
export class PeakRssWatcher {
  private peakKiB = 0;
  private readonly pids = new Set<number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly backendUrl: string) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), 100);
  }

  /** Stops watching; returns the peak in MiB, or undefined if no provider process was seen. */
  stop(): { peakMiB?: number; processes: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return { peakMiB: this.pids.size ? this.peakKiB / 1024 : undefined, processes: this.pids.size };
  }

  private sample(): void {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
        if (!cmdline.includes("dynamic-provider") || cmdline.includes("require.resolve")) continue;
        const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
        if (!environ.includes(`PULUMI_BACKEND_URL=${this.backendUrl}`)) continue;
        const status = readFileSync(`/proc/${entry}/status`, "utf8");
        const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
        if (!hwm) continue;
        this.pids.add(Number(entry));
        this.peakKiB = Math.max(this.peakKiB, Number(hwm[1]));
      } catch {
        // the process ended meanwhile
      }
    }
  }
}
