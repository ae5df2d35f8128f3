import { strict as assert } from "assert";
import { request } from "http";
import { createServer, Socket, type AddressInfo, type Server } from "net";
import WebSocket from "ws";
import type { OpenChannel } from "../../../provider/transport/open-channel";
import { serveVncPage, type VncPage } from "../../../cli/vnc-page/server";

/** GET with a Host header of our choosing (fetch does not allow setting it). */
function get(url: string, host?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, headers: host ? { host } : {} }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * The page server with a local TCP echo server standing in for the SSH tunnel's far end (the lab
 * test, test/lab/consoles/vnc-page.test.ts, runs the real tunnel to a real VNC server).
 */
describe("voidvm vnc's page server", () => {
  let echo: Server;
  let page: VncPage;
  let tunnels = 0;
  const peers = new Set<Socket>();

  before(async () => {
    echo = createServer((socket) => {
      peers.add(socket);
      socket.on("close", () => peers.delete(socket));
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    const port = (echo.address() as AddressInfo).port;
    const openTunnel = async (): Promise<OpenChannel> => {
      tunnels++;
      const socket = new Socket();
      await new Promise<void>((resolve) => socket.connect(port, "127.0.0.1", resolve));
      const closed = new Promise<number | undefined>((resolve) => socket.once("close", () => resolve(undefined)));
      return { stream: socket as unknown as OpenChannel["stream"], closed, close: () => socket.destroy() };
    };
    page = await serveVncPage({ vm: "web <01>", password: "pw-1", openTunnel, log: () => undefined });
  });
  after(() => echo.close());

  it("listens on 127.0.0.1 under a long random token; nothing without it", async () => {
    const url = new URL(page.url);
    assert.equal(url.hostname, "127.0.0.1");
    const token = url.pathname.split("/")[1]!;
    assert.ok(token.length >= 32);
    assert.equal((await get(`${url.origin}/`)).status, 403);
    assert.equal((await get(`${url.origin}/${token.slice(0, -1)}/`)).status, 403);
    assert.equal((await get(`${url.origin}/novnc/core/rfb.js`)).status, 403);
    assert.equal((await get(page.url, `evil.example:${url.port}`)).status, 403, "another host name (DNS rebinding)");
  });

  it("serves the page (name escaped, strict CSP), noVNC's modules and the password only under the token", async () => {
    const html = await get(page.url);
    assert.equal(html.status, 200);
    assert.match(html.body, /web &#60;01&#62;/);
    assert.match(String(html.headers["content-security-policy"]), /default-src 'self'/);
    assert.equal(html.headers["cache-control"], "no-store");
    assert.match((await get(`${page.url}novnc/core/rfb.js`)).body, /export default class RFB/);
    assert.equal((await get(`${page.url}novnc/core/../../package.json`)).status, 404);
    assert.equal((await get(`${page.url}novnc/docs/API.md`)).status, 404);
    assert.deepEqual(JSON.parse((await get(`${page.url}credentials`)).body), { password: "pw-1" });
    assert.doesNotMatch(page.url, /pw-1/);
  });

  it("bridges a WebSocket to its own tunnel, refuses one without the token or from another origin, and closes everything", async () => {
    const wsUrl = page.url.replace("http:", "ws:") + "websockify";
    const refused = (url: string, origin?: string) =>
      new Promise<number>((resolve) => new WebSocket(url, ["binary"], origin ? { origin } : {}).once("unexpected-response", (_q, res) => resolve(res.statusCode ?? 0)));
    assert.equal(await refused(wsUrl.replace(/\/[^/]+\/websockify$/, "/websockify")), 403);
    assert.equal(await refused(wsUrl, "http://evil.example"), 403);
    const before = tunnels;
    const ws = new WebSocket(wsUrl, ["binary"]);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    assert.equal(ws.protocol, "binary");
    const answer = new Promise<Buffer>((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
    ws.send(Buffer.from("RFB 003.008\n"));
    assert.equal((await answer).toString(), "RFB 003.008\n");
    assert.equal(tunnels, before + 1);
    assert.equal(peers.size, 1);
    const wsClosed = new Promise((resolve) => ws.once("close", resolve));
    await page.close();
    await wsClosed;
    for (let i = 0; i < 50 && peers.size; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(peers.size, 0, "the tunnel is closed with the page");
    await assert.rejects(get(page.url), /ECONNREFUSED/);
  });
});
