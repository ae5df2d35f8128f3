/**
 * The failures callers tell apart, in one place. Each message says what happened, why, and how to
 * fix it; secrets registered with the transport are redacted from it. Callers distinguish them
 * with `instanceof`, never by matching message text.
 */
import { redact } from "../transport/secrets";

import { ConnectionLostError, RemoteCommandError } from "../transport/remote-error";

export { ConnectionLostError, RemoteCommandError };

/** The base of VoidVM's own errors: the message is redacted when the error is made. */
export abstract class VoidVmError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = new.target.name;
  }
}

/** Something the request names does not exist (a VM, a snapshot, a volume). */
export class NotFoundError extends VoidVmError {}

/** A request VoidVM refuses before changing anything: it is invalid, unsupported or would lose data. */
export class RefusedError extends VoidVmError {}

/** The request collides with something that exists: a name taken, a port in use, a MAC on another NIC. */
export class ConflictError extends VoidVmError {}

/**
 * The same error with every registered secret redacted from its message and stack, for errors
 * made outside VoidVM's classes (a plain Error that quotes a command's stderr, for example).
 */
export function redactedError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? redact(error) : error;
  if (error instanceof VoidVmError || error instanceof RemoteCommandError) return error; // redacted when made
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  return error;
}

/** Runs one call; what it throws leaves with every registered secret redacted. */
export async function redacting<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw redactedError(error);
  }
}
