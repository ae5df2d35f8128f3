import { strict as assert } from "assert";
import WebSocket from "ws";
import { startWatchServer, type WatchMessage, type WatchServer } from "../../../cli/watch/server";
import type { MetricSample } from "../../../provider/metrics/sample";

const SAMPLE: MetricSample = { vm: "web", time: 1764800000, state: "running", cpuPercent: 90, memoryPercent: 40, diskReadMBps: 0, diskWriteMBps: 0, netRxMBps: 0, netTxMBps: 0 };

/** The first `count` messages a client gets on the page's WebSocket; `onFirst` runs when the first one came. */
function messages(url: string, count: number, onFirst: () => void = () => undefined): Promise<WatchMessage[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const got: WatchMessage[] = [];
    ws.on("message", (data: Buffer) => {
      got.push(JSON.parse(data.toString("utf8")) as WatchMessage);
      if (got.length === 1) onFirst();
      if (got.length === count) {
        ws.close();
        resolve(got);
      }
    });
    ws.once("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("voidvm watch: the page's server", () => {
  let server: WatchServer;
  beforeEach(async () => {
    server = await startWatchServer({ vms: ["web"], intervalSeconds: 5, source: "voidvm@host:22" });
  });
  afterEach(() => server.close());

  it("listens on 127.0.0.1 with a long random token; without it every request is 403", async () => {
    const url = new URL(server.url);
    assert.equal(url.hostname, "127.0.0.1");
    assert.ok((url.searchParams.get("token") ?? "").length >= 32);
    const other = await startWatchServer({ vms: ["web"], intervalSeconds: 5, source: "x" });
    try {
      assert.notEqual(new URL(other.url).searchParams.get("token"), url.searchParams.get("token"));
      assert.notEqual(new URL(other.url).port, url.port);
    } finally {
      await other.close();
    }
    assert.equal((await fetch(`${url.origin}/`)).status, 403);
    assert.equal((await fetch(`${url.origin}/?token=`)).status, 403);
    assert.equal((await fetch(`${url.origin}/other?token=${url.searchParams.get("token")}`)).status, 403);
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", new RegExp(`connect-src ws://127.0.0.1:${url.port}$`));
    assert.match(await page.text(), /el\("canvas"/);
    await assert.rejects(messages(`ws://127.0.0.1:${url.port}/ws`, 1), /HTTP 403/);
  });

  it("a page that connects gets the history, then each pushed sample", async () => {
    server.push(SAMPLE);
    const url = new URL(server.url);
    const [hello, next] = await messages(`ws://127.0.0.1:${url.port}/ws?token=${url.searchParams.get("token")}`, 2, () => server.push({ ...SAMPLE, time: SAMPLE.time + 5 }));
    assert.deepEqual(hello, { type: "hello", vms: ["web"], intervalSeconds: 5, source: "voidvm@host:22", history: [SAMPLE] });
    assert.deepEqual(next, { type: "sample", sample: { ...SAMPLE, time: SAMPLE.time + 5 } });
  });
});
