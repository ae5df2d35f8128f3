import type { ClientChannel, PseudoTtyOptions } from "ssh2";
import { acquireChannel, discardConnection, type PooledConnection } from "./connection-pool";
import { CONNECTION_DEFAULTS, type ConnectionSettings } from "./connection-schema";
import { shellCommand } from "./quote";
import { RemoteLineStream } from "./line-stream";
import { ConnectionLostError, RemoteCommandError } from "./remote-error";
import { remoteScript } from "./remote-script";
import { parseScriptOutput, ScriptStepError, type ScriptOutput } from "./script-output";
import { registerSecret } from "./secrets";
import { countExec } from "./stats";
import { openTerminalChannel, openTunnelChannel, type OpenChannel } from "./open-channel";

export interface ExecOptions {
  /** Data for the command's standard input: the only way data and secrets reach a host. A stream
   * (a large file) is piped into the channel as it is read. */
  stdin?: string | Buffer | NodeJS.ReadableStream;
  /**
   * Run as root through `sudo -n` (only when the connection allows sudo): the command of `run`,
   * or the `as_root` commands of a remote script.
   */
  sudo?: boolean;
  /** @default 120000 */
  timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Called with each complete line the command writes to stderr, as it arrives (progress). */
  onStderrLine?: (line: string) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const CHANNEL_OPEN_ATTEMPTS = 8;

class ChannelOpenError extends Error {}

/** Whether the pooled connection's socket is still up. */
function isOpen(connection: PooledConnection): boolean {
  const sock = (connection.client as unknown as { _sock?: { writable?: boolean; destroyed?: boolean } })._sock;
  return !!sock && sock.writable !== false && !sock.destroyed;
}

/** What a remote script did: its exit and output, and its output by section. */
export type ScriptResult = ExecResult & ScriptOutput;

/**
 * The privilege prefix of a script's `as_root` commands (provider/remote-scripts/lib/as-root.sh),
 * as the environment variable VOIDVM_AS_ROOT. Only those single commands run as root, so the
 * host's sudo rules can allow exactly them; a script never runs as a whole under sudo.
 */
const SUDO = ["sudo", "-n", "--"] as const;

/**
 * The one transport: every remote call of VoidVM goes through `run` (an argv) or
 * `runRemoteScript` (a POSIX sh file of provider/remote-scripts with its arguments as argv), or
 * `streamRemoteScript` for a script whose output is read line by line as long as it runs.
 * sudo is decided here and nowhere else, by ExecOptions.sudo.
 */
export class RemoteHost {
  readonly uri: string;
  readonly label: string;

  constructor(readonly settings: ConnectionSettings) {
    this.uri = settings.uri ?? CONNECTION_DEFAULTS.uri;
    this.label = `${settings.host}:${settings.port ?? CONNECTION_DEFAULTS.port}`;
    registerSecret(settings.password);
    registerSecret(settings.privateKeyPassword);
    registerSecret(settings.proxy?.password);
  }

  async run(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const full = this.asRoot(options) ? [...SUDO, ...argv] : [...argv];
    return this.exec(shellCommand(full), options);
  }

  /**
   * Runs remote script NAME (provider/remote-scripts/NAME.sh) in one round trip: `sh -c` with
   * the script as its text and `args` as $1, $2, ...; stdin stays free for data and secrets.
   * With `sudo`, the script's `as_root` commands run through sudo. Returns its output by section;
   * a failed step or exit throws a ScriptStepError naming the host and the step, unless
   * `allowFailure` asks for the result (for scripts whose exit codes mean something).
   */
  async runRemoteScript(name: string, args: readonly string[], options: ExecOptions = {}): Promise<ScriptResult> {
    const { command, shown } = this.scriptCommand(name, args, options);
    const result = await this.exec(command, { ...options, allowFailure: true }, shown);
    const output = { ...result, ...parseScriptOutput(result.stdout) };
    if (!options.allowFailure && (output.failedStep !== undefined || result.exitCode !== 0)) {
      throw new ScriptStepError({ host: this.label, command: shown, ...result, timedOut: false }, name, output.failedStep);
    }
    return output;
  }

  /**
   * Starts remote script NAME as one long-running command on one SSH channel of the pool and
   * returns its stdout line by line as it comes (see RemoteLineStream). The channel slot is held
   * until the stream is closed or the command ends.
   */
  async streamRemoteScript(name: string, args: readonly string[], options: Pick<ExecOptions, "sudo"> = {}): Promise<RemoteLineStream> {
    const { command, shown } = this.scriptCommand(name, args, options);
    const { connection, release } = await acquireChannel(this.settings);
    const started = Date.now();
    try {
      countExec(this.label);
      const channel = await this.withChannelRetries(connection, shown, started, () =>
        new Promise<ClientChannel>((resolve, reject) =>
          connection.client.exec(command, (error: Error | undefined, opened: ClientChannel) => (error ? reject(new ChannelOpenError(error.message)) : resolve(opened))),
        ),
      );
      return new RemoteLineStream(channel, { host: this.label, shown, started, release });
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The `sh -c` command line of remote script NAME, and how errors show it (never the script's text). */
  private scriptCommand(name: string, args: readonly string[], options: ExecOptions): { command: string; shown: string } {
    const root = this.asRoot(options);
    const argv = [...(root ? ["env", `VOIDVM_AS_ROOT=${SUDO.join(" ")}`] : []), "sh", "-c", remoteScript(name), `voidvm-${name}`, ...args];
    return { command: shellCommand(argv), shown: shellCommand([...(root ? ["VOIDVM_AS_ROOT=sudo"] : []), `${name}.sh`, ...args]) };
  }

  /**
   * Runs `argv` on a pseudo-terminal of the host and leaves the channel open: an interactive
   * session (`voidvm console`). The caller closes it; it holds one channel slot until then.
   */
  openTerminal(argv: readonly string[], pty: PseudoTtyOptions): Promise<OpenChannel> {
    return openTerminalChannel(this.settings, this.label, shellCommand(argv), pty);
  }

  /** A TCP connection from the host to `host:port` (`voidvm vnc`), over the pooled SSH connection. */
  openTunnel(host: string, port: number): Promise<OpenChannel> {
    return openTunnelChannel(this.settings, host, port);
  }

  /** Whether a command asked to run as root gets sudo: only when the connection allows sudo. */
  private asRoot(options: ExecOptions): boolean {
    return !!options.sudo && !!this.settings.sudo;
  }

  private async exec(command: string, options: ExecOptions, shown = command): Promise<ExecResult> {
    const { connection, release } = await acquireChannel(this.settings);
    const started = Date.now();
    try {
      countExec(this.label);
      const result = await this.withChannelRetries(connection, shown, started, () => this.execOnChannel(connection, command, shown, options, started));
      if (result.exitCode !== 0 && !options.allowFailure) {
        throw new RemoteCommandError({ host: this.label, command: shown, ...result, timedOut: false });
      }
      return result;
    } finally {
      release();
    }
  }

  /**
   * sshd frees a session slot a moment after it closes the channel, so under load a new channel
   * can be refused ("open failed") although fewer than MaxSessions are open: wait and try again.
   * A connection that is gone is dropped from the pool, to be dialled again by the next command.
   */
  private async withChannelRetries<T>(connection: PooledConnection, shown: string, started: number, open: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await open();
      } catch (error) {
        if (!(error instanceof ChannelOpenError)) throw error;
        if (attempt >= CHANNEL_OPEN_ATTEMPTS || !isOpen(connection)) {
          if (!isOpen(connection)) discardConnection(this.settings, connection);
          throw new RemoteCommandError(
            { host: this.label, command: shown, exitCode: null, stdout: "", stderr: error.message, timedOut: false, durationMs: Date.now() - started },
            `The SSH channel could not be opened after ${attempt} attempts. Check sshd's MaxSessions on the host (VoidVM uses at most connection.maxChannels at once).`,
          );
        }
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  private execOnChannel(connection: PooledConnection, command: string, shown: string, options: ExecOptions, started: number): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      connection.client.exec(command, (error: Error | undefined, channel: ClientChannel) => {
        if (error) return reject(new ChannelOpenError(error.message));
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let exitCode: number | null = null;
        let timedOut = false;
        const timer = setTimeout(() => {
          // sshd ignores signal requests from most clients; close the channel and answer now.
          timedOut = true;
          channel.signal("KILL");
          channel.close();
          const partial = { exitCode: null, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") };
          reject(new RemoteCommandError({ host: this.label, command: shown, ...partial, timedOut: true, durationMs: Date.now() - started }));
        }, timeoutMs);
        channel.on("data", (chunk: Buffer) => stdout.push(chunk));
        let pending = "";
        channel.stderr.on("data", (chunk: Buffer) => {
          stderr.push(chunk);
          if (!options.onStderrLine) return;
          const lines = (pending + chunk.toString("utf8")).split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) options.onStderrLine(line);
        });
        let ended = false;
        channel.on("exit", (code: number | null) => {
          exitCode = code;
          ended = true; // an exit status, or the signal that ended the command
        });
        channel.on("close", () => {
          clearTimeout(timer);
          if (timedOut) return;
          if (!ended) {
            // sshd always reports an exit status or signal before it closes an exec channel.
            if (!isOpen(connection)) discardConnection(this.settings, connection);
            const partial = { stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") };
            return reject(new ConnectionLostError({ host: this.label, command: shown, ...partial, durationMs: Date.now() - started }));
          }
          const result = {
            exitCode: exitCode ?? -1,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
            durationMs: Date.now() - started,
          };
          resolve(result);
        });
        if (options.stdin === undefined) channel.end();
        else if (typeof options.stdin === "string" || Buffer.isBuffer(options.stdin)) channel.end(options.stdin);
        else {
          options.stdin.once("error", (streamError: Error) => {
            clearTimeout(timer);
            channel.close();
            reject(new RemoteCommandError({ host: this.label, command: shown, exitCode: null, stdout: "", stderr: `reading stdin failed: ${streamError.message}`, timedOut: false, durationMs: Date.now() - started }));
          });
          options.stdin.pipe(channel);
        }
      });
    });
  }
}
