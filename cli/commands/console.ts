import { remoteHost } from "../../provider/config/resolve-connection";
import { serialConsoleCommand } from "../../provider/operations/consoles";
import { UsageError, type CliCommand } from "../shared/command";

/** The byte Ctrl-] sends: it detaches, as in `virsh console` and telnet. */
const DETACH = 0x1d;

/**
 * `voidvm console VM`: the VM's serial console over SSH, on a terminal of the host running
 * `virsh console`. This terminal is raw while attached, so every key (Ctrl-C too) reaches the
 * guest; Ctrl-] detaches and the command exits.
 */
export const consoleCommand: CliCommand = {
  name: "console",
  help: `  voidvm console VM                         attach to the VM's serial console (Ctrl-] detaches)`,
  options: {},
  run: async (args, _flags, { connection }) => {
    if (args.length !== 1) throw new UsageError("usage: voidvm console VM");
    const vm = args[0]!;
    const host = remoteHost(connection().connection);
    const argv = await serialConsoleCommand(host, vm);
    const { stdin, stdout, stderr } = process;
    const session = await host.openTerminal(argv, {
      term: process.env.TERM || "xterm-256color",
      rows: stdout.rows || 24,
      cols: stdout.columns || 80,
    });
    stderr.write(`voidvm: attached to the serial console of VM "${vm}" on ${host.label}; Ctrl-] detaches.\r\n`);
    const raw = stdin.isTTY === true;
    if (raw) stdin.setRawMode(true);
    const onResize = () => session.stream.setWindow(stdout.rows || 24, stdout.columns || 80, 0, 0);
    const onInput = (chunk: Buffer) => {
      const at = chunk.indexOf(DETACH);
      if (at < 0) {
        session.stream.write(chunk);
        return;
      }
      if (at > 0) session.stream.write(chunk.subarray(0, at));
      session.close();
    };
    stdout.on("resize", onResize);
    stdin.on("data", onInput);
    stdin.resume();
    session.stream.pipe(stdout, { end: false });
    session.stream.stderr.pipe(stderr, { end: false });
    // The session ends with Ctrl-], or when the host ends it (the VM stops, another console takes over).
    // SIGTERM or SIGHUP (the terminal went away) end it too, so the terminal is never left raw.
    const stop = () => session.close();
    stdin.once("end", stop);
    process.on("SIGTERM", stop);
    process.on("SIGHUP", stop);
    await session.closed;
    stdin.off("data", onInput);
    stdin.off("end", stop);
    process.off("SIGTERM", stop);
    process.off("SIGHUP", stop);
    stdout.off("resize", onResize);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
    stderr.write(`\r\nvoidvm: detached from the serial console of VM "${vm}".\r\n`);
    return 0;
  },
};
