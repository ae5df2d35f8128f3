import type { PartialConnectionSettings } from "../../provider/transport/connection-schema";

/** What the dispatcher (cli/voidvm.ts) gives a command: its arguments, the flags and the connection. */
export interface CommandContext {
  /** The positional arguments after the command's name. */
  args: string[];
  /** The parsed flags (the connection's flags are read by `connection`). */
  flags: { json?: boolean };
  /** Stack config and connection flags, checked for completeness (throws a usage error otherwise). */
  connection: () => { connection: PartialConnectionSettings; label: string };
  /** A usage error: printed as `voidvm: MESSAGE`, exit code 2. */
  usage: (message: string) => Error;
}

/** A `voidvm` command: resolves with the exit code. */
export type Command = (context: CommandContext) => Promise<number>;
