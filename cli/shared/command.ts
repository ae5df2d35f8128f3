import type { ParseArgsConfig } from "util";
import type { PartialConnectionSettings } from "../../provider/transport/connection-schema";

/** A wrong command line: printed with exit code 2. */
export class UsageError extends Error {}

/** What a command gets from the dispatcher (cli/voidvm.ts). */
export interface CliContext {
  /** The connection from stack config and flags, checked; throws UsageError when incomplete. */
  connection(): { connection: PartialConnectionSettings; label: string };
  out(text: string): void;
}

/** The parsed flags: every command's options and the connection flags. */
export type CliValues = Record<string, string | boolean | undefined>;

/**
 * One `voidvm NAME ...` command in a file of its own (cli/commands/), registered in cli/voidvm.ts,
 * which parses the command line with every command's options and dispatches on NAME.
 */
export interface CliCommand {
  name: string;
  /** Its lines of `voidvm --help`. */
  help: string;
  /** Its flags (beyond the connection flags and --json). */
  options: NonNullable<ParseArgsConfig["options"]>;
  run(args: string[], values: CliValues, context: CliContext): Promise<number>;
}
