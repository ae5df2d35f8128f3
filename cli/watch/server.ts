import { randomBytes, timingSafeEqual } from "crypto";
import { createServer, type IncomingMessage } from "http";
import type { AddressInfo } from "net";
import { WebSocketServer, type WebSocket } from "ws";
import type { MetricSample } from "../../provider/metrics/sample";
import { watchPage } from "./page";

/** Samples kept per VM for a page that connects late (an hour at 5 s). */
const KEPT = 720;

export interface WatchServerOptions {
  vms: string[];
  intervalSeconds: number;
  /** Where the figures come from, shown on the page (`user@host:port`). */
  source: string;
}

/** The local page of `voidvm watch`: its URL (with the token) and the samples to push. */
export interface WatchServer {
  url: string;
  /** Sends a sample to every open page (and keeps it for pages that open later). */
  push(sample: MetricSample): void;
  /** Tells the open pages that the stream ended, with why. */
  end(message: string): void;
  close(): Promise<void>;
}

/** Messages on the page's WebSocket: JSON, one per frame. */
export type WatchMessage =
  | { type: "hello"; vms: string[]; intervalSeconds: number; source: string; history: MetricSample[] }
  | { type: "sample"; sample: MetricSample }
  | { type: "end"; message: string };

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves the charts page on 127.0.0.1 only, on a random port, behind a random token that the URL
 * carries: a request without it (the page, or the WebSocket the samples are pushed on) gets 403.
 */
export async function startWatchServer(options: WatchServerOptions): Promise<WatchServer> {
  const token = randomBytes(24).toString("base64url");
  const history: MetricSample[] = [];
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const allowed = (request: IncomingMessage, path: string) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    return url.pathname === path && sameToken(url.searchParams.get("token"), token);
  };
  let port = 0;
  const server = createServer((request, response) => {
    if (request.method !== "GET" || !allowed(request, "/")) {
      response.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" });
      response.end("403 Forbidden: open the URL that `voidvm watch` printed, token included.\n");
      return;
    }
    response.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src ws://127.0.0.1:${port}`,
    });
    response.end(watchPage());
  });
  server.on("upgrade", (request, socket, head) => {
    if (!allowed(request, "/ws")) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      clients.add(ws);
      ws.on("close", () => clients.delete(ws));
      send(ws, { type: "hello", vms: options.vms, intervalSeconds: options.intervalSeconds, source: options.source, history });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;
  const broadcast = (message: WatchMessage) => {
    for (const ws of clients) send(ws, message);
  };
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    push: (sample) => {
      history.push(sample);
      if (history.length > KEPT * options.vms.length) history.shift();
      broadcast({ type: "sample", sample });
    },
    end: (message) => broadcast({ type: "end", message }),
    close: async () => {
      for (const ws of clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(ws: WebSocket, message: WatchMessage): void {
  ws.send(JSON.stringify(message));
}
