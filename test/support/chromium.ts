import { spawn, type ChildProcess } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import WebSocket from "ws";

/**
 * Headless Chromium (Debian's `chromium`, installed by host:up) driven over the DevTools
 * protocol: one page, JavaScript evaluation and screenshots.
 */
export class HeadlessChromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly process: ChildProcess,
    private readonly profile: string,
    private readonly page: WebSocket,
  ) {
    page.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString("utf8")) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Starts Chromium with a fresh profile and opens `url` in a window of `width` x `height`. */
  static async open(url: string, width = 1024, height = 700): Promise<HeadlessChromium> {
    const profile = mkdtempSync(join(tmpdir(), "voidvm-chromium-"));
    const args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-crash-reporter", "--remote-debugging-port=0", `--user-data-dir=${profile}`, `--window-size=${width},${height}`, "about:blank"];
    // A process group of its own: close() ends Chromium's helper processes with it.
    const child = spawn("chromium", args, { stdio: ["ignore", "ignore", "pipe"], detached: true });
    const endpoint = await new Promise<string>((resolve, reject) => {
      let text = "";
      const timer = setTimeout(() => reject(new Error(`chromium did not start its DevTools endpoint: ${text}`)), 60_000);
      child.once("error", reject);
      child.stderr!.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        const match = /DevTools listening on ws:\/\/([^/]+)\//.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const target = (await (await fetch(`http://${endpoint}/json/new?${url}`, { method: "PUT" })).json()) as { webSocketDebuggerUrl: string };
    const page = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => page.once("open", resolve).once("error", reject));
    return new HeadlessChromium(child, profile, page);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    this.page.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`chromium did not answer ${method} within 60 s`));
      }, 60_000);
      const settle = (done: () => void) => {
        clearTimeout(timer);
        done();
      };
      this.pending.set(id, { resolve: (v) => settle(() => resolve(v as T)), reject: (e) => settle(() => reject(e)) });
    });
  }

  /** The value of a JavaScript expression in the page. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (result.exceptionDetails) throw new Error(`in the page: ${result.exceptionDetails.text}`);
    return result.result.value;
  }

  /** Waits until `expression` is truthy in the page. */
  async waitFor(expression: string, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(expression).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${what}: \`${expression}\` still false after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** A PNG of the page, or of the `clip` rectangle (CSS pixels, scale 1). */
  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const params = clip ? { format: "png", clip: { ...clip, scale: 1 } } : { format: "png" };
    const { data } = await this.send<{ data: string }>("Page.captureScreenshot", params);
    return Buffer.from(data, "base64");
  }

  async close(): Promise<void> {
    this.page.close();
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once("exit", resolve));
      this.process.kill("SIGTERM");
      await exited;
    }
    // Chromium's helper processes can outlive the browser process and still write to the
    // profile (ENOTEMPTY while removing it): end the whole group, then remove, retrying.
    try {
      process.kill(-this.process.pid!, "SIGKILL");
    } catch {
      // the group is gone already
    }
    for (let attempt = 1; ; attempt++) {
      try {
        rmSync(this.profile, { recursive: true, force: true });
        return;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}
