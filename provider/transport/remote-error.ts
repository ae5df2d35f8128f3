import { redact } from "./secrets";

export interface RemoteCommandFailure {
  host: string;
  command: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** The one error type for a remote command that failed, timed out, or could not be started. */
export class RemoteCommandError extends Error {
  readonly host: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;

  constructor(failure: RemoteCommandFailure, hint?: string) {
    const stderr = failure.stderr.trim();
    const what = failure.timedOut
      ? `timed out after ${failure.durationMs} ms`
      : `exited with code ${failure.exitCode ?? "unknown"}`;
    const lines = [`Command on ${failure.host} ${what}: ${failure.command}`];
    if (stderr) lines.push(`stderr: ${stderr}`);
    if (hint) lines.push(hint);
    // Redacted as a whole, once: a secret may show up anywhere, even in the host's name.
    super(redact(lines.join("\n")));
    this.name = "RemoteCommandError";
    this.host = failure.host;
    this.command = redact(failure.command);
    this.exitCode = failure.exitCode;
    this.stdout = redact(failure.stdout);
    this.stderr = redact(stderr);
    this.timedOut = failure.timedOut;
    this.durationMs = failure.durationMs;
  }
}

/**
 * The SSH connection broke (sshd or the network went away) before the command reported how it
 * ended. The command may have run to the end on the host, or not: callers must not assume either.
 */
export class ConnectionLostError extends RemoteCommandError {
  constructor(failure: Omit<RemoteCommandFailure, "exitCode" | "timedOut">) {
    super(
      { ...failure, exitCode: null, timedOut: false },
      `The SSH connection to ${failure.host} was lost before the command finished: it may have run to the end on the host, or not. ` +
        `Check that sshd runs on the host, then run the operation again (pulumi up takes over what an interrupted create made; see docs/interrupted-runs.md).`,
    );
    this.name = "ConnectionLostError";
  }
}
