import type { ClientChannel } from "ssh2";
import { RemoteCommandError } from "./remote-error";

/** What a line stream needs to say where a failure happened. */
export interface LineStreamContext {
  host: string;
  /** The command as shown in errors (never the script's text). */
  shown: string;
  started: number;
  /** Gives the channel slot back to the pool; called once, when the channel has closed. */
  release: () => void;
}

const STDERR_KEPT = 16 * 1024;

/**
 * The stdout of one long-running remote command, line by line as it arrives: one SSH channel for
 * the whole stream. Iterating ends when the command exits (a non-zero exit throws a
 * RemoteCommandError with its stderr); `close()`, or leaving a `for await` loop early, closes the
 * channel. The channel's stdin stays open and unused while the stream lives, so the command can
 * tell that its reader went away: its stdin ends when the channel closes (see metrics-stream.sh).
 */
export class RemoteLineStream implements AsyncIterable<string> {
  private readonly lines: string[] = [];
  private partial = "";
  private stderr = "";
  private exitCode: number | null = null;
  private done = false;
  private closedByReader = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly channel: ClientChannel,
    private readonly context: LineStreamContext,
  ) {
    channel.on("data", (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString("utf8")).split("\n");
      this.partial = parts.pop() ?? "";
      this.lines.push(...parts);
      this.notify();
    });
    channel.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-STDERR_KEPT);
    });
    channel.on("exit", (code: number | null) => {
      this.exitCode = code;
    });
    channel.on("close", () => {
      if (this.partial) this.lines.push(this.partial);
      this.partial = "";
      this.done = true;
      context.release();
      this.notify();
    });
  }

  /** Closes the channel: the remote command sees its stdin end (and is sent SIGTERM, where sshd allows it). */
  close(): void {
    if (this.done || this.closedByReader) return;
    this.closedByReader = true;
    this.channel.signal("TERM");
    this.channel.close();
  }

  /** Resolves when the channel has closed (after `close()` or the command's end). */
  async closed(): Promise<void> {
    while (!this.done) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    try {
      for (;;) {
        const line = this.lines.shift();
        if (line !== undefined) {
          yield line;
          continue;
        }
        if (this.done) break;
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
      if (!this.closedByReader && this.exitCode !== 0) {
        throw new RemoteCommandError({
          host: this.context.host,
          command: this.context.shown,
          exitCode: this.exitCode,
          stdout: "",
          stderr: this.stderr,
          timedOut: false,
          durationMs: Date.now() - this.context.started,
        });
      }
    } finally {
      this.close();
    }
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
