import type { Client, ClientChannel, PseudoTtyOptions } from "ssh2";
import { acquireChannel } from "./connection-pool";
import type { ConnectionSettings } from "./connection-schema";
import { countExec } from "./stats";

/**
 * A channel that stays open as long as its user wants: an interactive command on a terminal, or a
 * TCP tunnel. It holds one channel slot of the host's pooled connection until it closes.
 */
export interface OpenChannel {
  stream: ClientChannel;
  /** Resolves once the channel is closed (by either side), with the command's exit code if any. */
  closed: Promise<number | undefined>;
  /** Closes the channel; the remote command gets a hang-up, a tunnel's connection ends. */
  close: () => void;
}

type Opener = (client: Client, callback: (error: Error | undefined, channel: ClientChannel) => void) => void;

/** A command on a pseudo-terminal of the host (`command` is already quoted for the remote shell). */
export function openTerminalChannel(settings: ConnectionSettings, endpoint: string, command: string, pty: PseudoTtyOptions): Promise<OpenChannel> {
  countExec(endpoint);
  return openChannel(settings, (client, callback) => client.exec(command, { pty }, callback));
}

/** A TCP connection made by the host to `host:port` (its loopback, say), as a stream here. */
export function openTunnelChannel(settings: ConnectionSettings, host: string, port: number): Promise<OpenChannel> {
  return openChannel(settings, (client, callback) => client.forwardOut("127.0.0.1", 0, host, port, callback));
}

async function openChannel(settings: ConnectionSettings, open: Opener): Promise<OpenChannel> {
  const { connection, release } = await acquireChannel(settings);
  let stream: ClientChannel;
  try {
    stream = await new Promise<ClientChannel>((resolve, reject) => open(connection.client, (error, channel) => (error ? reject(error) : resolve(channel))));
  } catch (error) {
    release();
    throw error;
  }
  let exitCode: number | undefined;
  stream.on("exit", (code: number | null) => {
    exitCode = code ?? undefined;
  });
  const closed = new Promise<number | undefined>((resolve) =>
    stream.once("close", () => {
      release();
      resolve(exitCode);
    }),
  );
  // A tunnel's peer may reset; the close event still follows.
  stream.on("error", () => undefined);
  return { stream, closed, close: () => stream.close() };
}
