import { execFileSync, type ExecFileSyncOptions } from "child_process";

/** A tmux server of the tests' own (`tmux -L`), apart from anybody's sessions on this machine. */
const SOCKET = "voidvm-tests";

function tmux(args: string[], options: ExecFileSyncOptions = {}): string {
  return String(execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", ...options }));
}

/**
 * A detached tmux session running one command on a real terminal, for tests of interactive
 * commands: keys go in with send-keys, the screen comes back with capture-pane.
 */
export class TmuxSession {
  constructor(readonly name: string) {}

  /** Starts `command` (a shell command line) in a new detached session of `cols` x `rows`. */
  static start(name: string, command: string, cols = 160, rows = 40): TmuxSession {
    tmux(["new-session", "-d", "-s", name, "-x", String(cols), "-y", String(rows), command]);
    return new TmuxSession(name);
  }

  /** Types `text` literally. */
  type(text: string): void {
    tmux(["send-keys", "-t", this.name, "-l", text]);
  }

  /** Presses keys by tmux name: "Enter", "C-]", ... */
  press(...keys: string[]): void {
    tmux(["send-keys", "-t", this.name, ...keys]);
  }

  /** The visible screen and its scrollback, as text. */
  screen(): string {
    return tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", this.name]);
  }

  /** Waits until the screen matches `pattern`; fails with the screen when it does not in time. */
  async waitFor(pattern: RegExp, what: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`${what}: ${pattern} not on the screen after ${timeoutMs} ms. The screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  kill(): void {
    try {
      tmux(["kill-session", "-t", this.name], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
}
