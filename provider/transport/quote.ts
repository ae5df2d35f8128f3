import { quote } from "shell-quote";

/**
 * The one place where an argv becomes a POSIX shell command line. Every remote command is built
 * from an argv array and quoted here; nothing else in VoidVM concatenates shell text.
 */
export function shellCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("shellCommand: an empty argv cannot be run");
  for (const arg of argv) {
    if (arg.includes("\0")) throw new Error("shellCommand: arguments cannot contain NUL bytes");
  }
  return quote([...argv]);
}
