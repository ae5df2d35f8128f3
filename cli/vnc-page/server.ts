import { randomBytes, timingSafeEqual } from "crypto";
import { readFile } from "fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "http";
import type { AddressInfo } from "net";
import { dirname, join, normalize, sep } from "path";
import { WebSocketServer, type WebSocket } from "ws";
import type { OpenChannel } from "../../provider/transport/open-channel";
import { PAGE_SCRIPT, pageHtml } from "./page";

export interface VncPageOptions {
  vm: string;
  /** Given to the page on request (with the token), never in a URL. */
  password?: string;
  /** A new tunnel to the VNC server, one per browser connection. */
  openTunnel: () => Promise<OpenChannel>;
  /** One line per browser connection and failure; never a secret. */
  log: (line: string) => void;
}

export interface VncPage {
  /** `http://127.0.0.1:PORT/TOKEN/`: the token is the only way in. */
  url: string;
  /** Ends every browser connection and its tunnel, and stops listening. */
  close: () => Promise<void>;
}

/** noVNC's files (the npm package @novnc/novnc): its ES modules are served as they are. */
const NOVNC_ROOT = dirname(dirname(require.resolve("@novnc/novnc")));
const NOVNC_FOLDERS = ["core", "vendor"];

const SECURITY_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

/**
 * Serves the noVNC page on 127.0.0.1 (a random port) under a random token, and bridges its
 * WebSocket to the VM's VNC server through the SSH tunnel. A request without the token, or for
 * another host name (DNS rebinding), gets 403.
 */
export async function serveVncPage(options: VncPageOptions): Promise<VncPage> {
  const token = randomBytes(24).toString("base64url");
  const prefix = `/${token}/`;
  const sockets = new Set<WebSocket>();
  let port = 0;
  const allowedHost = (request: IncomingMessage) => request.headers.host === `127.0.0.1:${port}` || request.headers.host === `localhost:${port}`;
  const hasToken = (path: string) => path.length > token.length + 1 && timingSafeEqual(Buffer.from(path.slice(0, prefix.length).padEnd(prefix.length)), Buffer.from(prefix));

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (!allowedHost(request) || !hasToken(path)) return refuse(response, 403);
    if (request.method !== "GET") return refuse(response, 405);
    void answer(path.slice(prefix.length), response, options, port);
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has("binary") ? "binary" : false) });
  server.on("upgrade", (request, socket, head) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (!allowedHost(request) || !hasToken(path) || path !== `${prefix}websockify` || !sameOrigin) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on("close", () => sockets.delete(ws));
      bridge(ws, options);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(path: string, response: ServerResponse, options: VncPageOptions, port: number): Promise<void> {
  if (path === "") return send(response, "text/html; charset=utf-8", pageHtml(options.vm), port);
  if (path === "page.js") return send(response, "text/javascript; charset=utf-8", PAGE_SCRIPT, port);
  if (path === "credentials") return send(response, "application/json", JSON.stringify({ password: options.password }), port);
  const file = novncFile(path);
  if (!file) return refuse(response, 404);
  try {
    send(response, file.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream", await readFile(file), port);
  } catch {
    refuse(response, 404);
  }
}

/** `novnc/core/...` or `novnc/vendor/...` inside the package, nothing else. */
function novncFile(path: string): string | undefined {
  if (!path.startsWith("novnc/")) return undefined;
  const relative = normalize(path.slice("novnc/".length));
  const folder = relative.split(sep)[0] ?? "";
  if (!NOVNC_FOLDERS.includes(folder) || relative.includes("..")) return undefined;
  return join(NOVNC_ROOT, relative);
}

function send(response: ServerResponse, type: string, body: string | Buffer, port: number): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "Content-Type": type,
    "Content-Security-Policy": `default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
  });
  response.end(body);
}

function refuse(response: ServerResponse, status: number): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": "text/plain" });
  response.end(status === 403 ? "403 Forbidden: this page needs the URL that voidvm vnc printed\n" : `${status}\n`);
}

/** One browser connection: its own tunnel to the VNC server, both ends closed together. */
function bridge(ws: WebSocket, options: VncPageOptions): void {
  const early: Buffer[] = [];
  let tunnel: OpenChannel | undefined;
  let gone = false;
  ws.on("message", (data: Buffer) => (tunnel ? tunnel.stream.write(data) : early.push(data)));
  ws.on("close", () => {
    gone = true;
    tunnel?.close();
  });
  options.openTunnel().then(
    (opened) => {
      tunnel = opened;
      if (gone) return opened.close();
      options.log("browser connected; tunnel to the VNC server open");
      for (const data of early.splice(0)) opened.stream.write(data);
      opened.stream.on("data", (data: Buffer) => ws.send(data));
      void opened.closed.then(() => {
        options.log("tunnel closed");
        ws.close();
      });
    },
    (error: unknown) => {
      options.log(`could not open the tunnel to the VNC server: ${error instanceof Error ? error.message : String(error)}`);
      ws.close(1011, "no tunnel to the VNC server");
    },
  );
}
