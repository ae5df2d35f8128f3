/** How often a long transfer reports how far it is. */
const REPORT_EVERY_MS = 5_000;

/**
 * Reports a long image transfer on stderr, which the Pulumi CLI shows as the provider's
 * diagnostics while `pulumi up` runs: `Image "debian-12": downloaded 120.0 MiB of 330.0 MiB (36%)`.
 * At most one line every five seconds; nothing for a transfer that ends sooner.
 */
export class TransferProgress {
  private lastReport = Date.now();

  constructor(
    private readonly image: string,
    private readonly verb: "downloaded" | "uploaded",
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Reports BYTES of TOTAL (when known) if the last report is long enough ago. */
  update(bytes: number, total?: number): void {
    const now = Date.now();
    if (now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    const of = total !== undefined && total > 0 ? ` of ${mib(total)} (${Math.floor((100 * bytes) / total)}%)` : "";
    this.write(`Image "${this.image}": ${this.verb} ${mib(bytes)}${of}`);
  }

  /** The remote script's `progress BYTES TOTAL` stderr lines. */
  scriptLine(line: string): void {
    const match = /^progress (\d+) ?(\d*)$/.exec(line.trim());
    if (match) this.update(Number(match[1]), match[2] ? Number(match[2]) : undefined);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** A script's stderr without its progress lines: what went wrong, for an error message. */
export function withoutProgress(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !/^progress \d/.test(line))
    .join("\n")
    .trim();
}
