import { log } from "./log";

/**
 * SIGINT (Ctrl-C) and SIGTERM (a cancelled CI job) end the run early but never skip the cleanup.
 * `aborted` stops waiting for the guest and ends the command; a running `pulumi up` is cancelled
 * gracefully, so it finishes the operations in flight and leaves nothing half-made behind.
 */
export class Interruption {
  private readonly controller = new AbortController();
  private received: NodeJS.Signals | undefined;
  private pulumi: { abort: AbortController; heardIt: boolean } | undefined;

  install(): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => this.receive(signal));
  }

  get aborted(): AbortSignal {
    return this.controller.signal;
  }

  get signal(): NodeJS.Signals | undefined {
    return this.received;
  }

  /** The shell's convention: 128 + the signal's number. */
  get exitCode(): number {
    return this.received === "SIGTERM" ? 143 : 130;
  }

  /** For one Pulumi operation: the AbortSignal to give it, and its output handlers. */
  pulumiOperation(): { signal: AbortSignal; onOutput: (text: string) => void; onError: (text: string) => void; done: () => void } {
    const pulumi = { abort: new AbortController(), heardIt: false };
    this.pulumi = pulumi;
    return {
      signal: pulumi.abort.signal,
      onOutput: (text) => {
        process.stdout.write(text);
        if (/received; cancelling/.test(text)) pulumi.heardIt = true;
      },
      onError: (text) => process.stderr.write(text),
      done: () => {
        if (this.pulumi === pulumi) this.pulumi = undefined;
      },
    };
  }

  private receive(signal: NodeJS.Signals): void {
    if (this.received) {
      log(`${signal} received again: the cleanup goes on. Killing this process now (kill -9) would leave the VM behind.`);
      return;
    }
    this.received = signal;
    log(`${signal} received: stopping, then destroying the stack.`);
    this.controller.abort();
    const pulumi = this.pulumi;
    if (!pulumi) return;
    // Ctrl-C in a terminal reaches the Pulumi CLI too (same process group), and a second SIGINT
    // makes it terminate at once, leaving pending operations. Tell it only if it did not hear it.
    setTimeout(() => {
      if (!pulumi.heardIt) pulumi.abort.abort();
    }, 2000);
  }
}
