import { strict as assert } from "assert";
import WebSocket from "ws";
import { SERIES_COLOURS } from "../../../cli/watch/page";
import { HeadlessChromium } from "../../support/chromium";
import { countColor, decodePng } from "../../support/png";
import { burn, metricsGuestForSuite, remoteProcessesGone, startCli } from "./support";

/** The status of a WebSocket upgrade to `url`: 101 when accepted, else the HTTP status. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", (error) => reject(error));
  });
}

describe("voidvm watch: the local charts page (issue 14)", function () {
  this.timeout(600_000);
  const guest = metricsGuestForSuite("watch");

  it("serves charts on 127.0.0.1 behind a token; headless Chromium shows the CPU line rise while the guest burns", async () => {
    const run = startCli(["watch", guest().name, "--interval", "1s"]);
    let browser: HeadlessChromium | undefined;
    try {
      let url = "";
      while (!url) url = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/.exec(await run.nextLine())?.[0] ?? "";
      const { origin, searchParams } = new URL(url);
      const token = searchParams.get("token") ?? "";

      // Without the token, or with another one: 403, for the page and for the WebSocket.
      assert.equal((await fetch(`${origin}/`)).status, 403);
      assert.equal((await fetch(`${origin}/?token=${token.slice(0, -1)}x`)).status, 403);
      assert.equal((await fetch(`${origin}/ws`)).status, 403);
      assert.equal(await upgradeStatus(`${origin.replace("http", "ws")}/ws`), 403);
      assert.equal(await upgradeStatus(`${origin.replace("http", "ws")}/ws?token=${token.slice(1)}`), 403);
      assert.equal(await upgradeStatus(`${origin.replace("http", "ws")}/ws?token=${token}`), 101);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.ok(!/\b(src|href)=["']?(https?:)?\/\//i.test(html), "the page loads nothing from elsewhere (works offline)");

      browser = await HeadlessChromium.open(url, 1000, 1000);
      assert.match(await burn(guest().ip, 300), /^ok burning 300$/);
      await browser.waitFor("window.voidvmWatch && window.voidvmWatch.latest && window.voidvmWatch.latest.cpuPercent > 80 && window.voidvmWatch.samples >= 3", "a busy sample on the page", 120_000);
      const rect = await browser.evaluate<{ x: number; y: number; width: number; height: number }>(
        `(() => { const r = document.querySelector('canvas[data-chart="cpu"]').getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
      );
      const cpu = decodePng(await browser.screenshot(rect));
      const colour = SERIES_COLOURS.cpuPercent;
      assert.ok(countColor(cpu, colour) > 50, `the CPU chart shows its line: ${countColor(cpu, colour)} pixels of ${colour}`);
      // The plot spans y 10..158 of the 180-pixel canvas; above 80 % is its top fifth.
      assert.ok(countColor(cpu, colour, { rows: { from: 0, to: 40 } }) > 0, "the line reaches the top of the chart while the guest burns");
      // The other charts have lines of their own colours, and the CPU colour is nowhere else.
      const memory = decodePng(await browser.screenshot({ ...rect, x: rect.x + rect.width + 24 }));
      assert.equal(countColor(memory, colour), 0, "the CPU colour only in the CPU chart");
      assert.ok(countColor(memory, SERIES_COLOURS.memoryPercent) > 0, "the memory chart shows its line");
    } finally {
      await burn(guest().ip, 0).catch(() => undefined);
      await browser?.close();
      run.child.kill("SIGINT");
    }
    const { code, stderr } = await run.exited;
    assert.equal(code, 0, stderr);
    assert.deepEqual(await remoteProcessesGone(guest().name), [], "no remote process left after Ctrl-C");
  });
});
