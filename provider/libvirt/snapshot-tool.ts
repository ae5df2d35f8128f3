import { RefusedError } from "../errors";
import type { ExecResult, RemoteHost } from "../transport/remote-host";

/**
 * The host-side snapshot tool (provider/remote-scripts/snapshot.sh): running it, and what its exit
 * codes and stderr mean.
 */

/** The tool's exit codes, as its header documents them. */
export const SNAPSHOT_TOOL_EXIT = { done: 0, failed: 1, usage: 2, refused: 3, nameTaken: 4 } as const;

/** A snapshot operation the host refused before changing anything (exit 3 or 4 of the tool). */
export class SnapshotRefusedError extends RefusedError {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotRefusedError";
  }
}

const LONG_MS = 30 * 60_000;

export function runSnapshotTool(host: RemoteHost, args: readonly string[], options: { sudo?: boolean; timeoutMs?: number } = {}): Promise<ExecResult> {
  return host.runRemoteScript("snapshot", args, { allowFailure: true, timeoutMs: options.timeoutMs ?? LONG_MS, sudo: options.sudo });
}

/** virsh under the VM's snapshot lock (shared with cron runs of schedules). */
export function lockedVirsh(host: RemoteHost, vm: string, args: readonly string[]): Promise<ExecResult> {
  return runSnapshotTool(host, ["virsh", host.uri, vm, ...args]);
}

/** The tool's own words ("voidvm: ..."), else libvirt's stderr. */
export function snapshotToolMessage(result: ExecResult): string {
  const own = result.stderr
    .split("\n")
    .filter((line) => line.startsWith("voidvm: "))
    .map((line) => line.slice("voidvm: ".length));
  return (own.length ? own.join("; ") : result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).trim();
}

/** The error for a failed run: SnapshotRefusedError when the tool refused before changing anything. */
export function snapshotToolError(result: ExecResult): Error {
  const refused = result.exitCode === SNAPSHOT_TOOL_EXIT.refused || result.exitCode === SNAPSHOT_TOOL_EXIT.nameTaken;
  return refused ? new SnapshotRefusedError(snapshotToolMessage(result)) : new Error(snapshotToolMessage(result));
}
