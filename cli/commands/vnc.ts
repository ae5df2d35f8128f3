import { remoteHost } from "../../provider/config/resolve-connection";
import { vncTarget } from "../../provider/operations/consoles";
import { serveVncPage } from "../vnc-page/server";
import { UsageError, type CliCommand } from "../shared/command";

/**
 * `voidvm vnc VM`: the VM's VNC console in a browser. Serves a noVNC page on 127.0.0.1 (a random
 * port, a random token in the URL) whose WebSocket is bridged through an SSH tunnel to the VNC
 * server on the VM's host. Prints the URL; runs until Ctrl-C (SIGINT) or SIGTERM.
 */
export const vncCommand: CliCommand = {
  name: "vnc",
  help: `  voidvm vnc     VM                         the VM's VNC console in a browser: prints a local URL`,
  options: {},
  run: async (args, flags, { connection }) => {
    if (args.length !== 1) throw new UsageError("usage: voidvm vnc VM");
    const vm = args[0]!;
    const host = remoteHost(connection().connection);
    const target = await vncTarget(host, vm);
    const log = (line: string) => process.stderr.write(`voidvm: ${line}\n`);
    const page = await serveVncPage({ vm, password: target.password, openTunnel: () => host.openTunnel(target.host, target.port), log });
    process.stdout.write(flags.json ? JSON.stringify({ vm, url: page.url }) + "\n" : `${page.url}\n`);
    log(`VNC console of VM "${vm}" on ${host.label}: open the URL above in a browser on this machine. Ctrl-C stops.`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await page.close();
    log("stopped: the page and its tunnels are closed.");
    return 0;
  },
};
