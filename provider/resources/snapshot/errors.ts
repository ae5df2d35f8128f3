import { RefusedError } from "../../errors";

/** What happened, why, and what to do, for a snapshot that was not taken. */
export function snapshotNotTaken(name: string, vm: string, error: unknown): Error {
  const reason = (error as Error).message;
  if (error instanceof RefusedError) {
    return new RefusedError(`Snapshot "${name}" of VM "${vm}" was not taken, and nothing changed on the host: ${reason}`);
  }
  return new Error(`Snapshot "${name}" of VM "${vm}" was not taken (the host was left as it was): ${reason}`);
}
