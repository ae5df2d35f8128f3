import { strict as assert } from "assert";
import { spawn, type ChildProcess } from "child_process";
import WebSocket from "ws";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { HeadlessChromium } from "../../support/chromium";
import { labCliFlags, VOIDVM_BIN } from "../../support/cli";
import { labSettings, onLabHost, testName } from "../../support/lab";
import { decodeImage, decodePng, foregroundPixels, samePixelShare } from "../../support/png";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

const PASSWORD = "vv-pw-7";

/** Connections on the lab host to the VM's VNC port (the tunnel's far end is one of them). */
async function vncConnections(port: number): Promise<string> {
  return (await onLabHost(`ss -Htn state established "( dport = :$1 )"`, [String(port)])).stdout.trim();
}

/** QEMU's own picture of the screen (`virsh screenshot`), read back through the lab user. */
async function qemuScreenshot(vm: string): Promise<Buffer> {
  const script = `t=$(mktemp) && virsh -q -c "$1" screenshot --domain "$2" --file "$t" >/dev/null && base64 -w0 "$t"; s=$?; rm -f "$t"; exit $s`;
  return Buffer.from((await onLabHost(script, [labSettings().uri, vm])).stdout, "base64");
}

/** Starts `voidvm vnc VM`; resolves with the URL it prints on stdout. */
function startVnc(vm: string, output: { text: string }): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn("node", [VOIDVM_BIN, "vnc", vm, ...labCliFlags()], { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (chunk: Buffer) => (output.text += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`voidvm vnc exited with ${code}: ${output.text}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output.text += chunk.toString("utf8");
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/\S+\/)$/m.exec(output.text)?.[1];
      if (url) resolve({ child, url });
    });
  });
}

function webSocketStatus(url: string): Promise<number | "open"> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => {
      ws.close();
      resolve("open");
    });
    ws.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    ws.once("error", reject);
  });
}

describe("voidvm vnc on the lab (headless Chromium)", function () {
  this.timeout(600_000);
  const name = testName("vnc");
  let vm: VmOutputs | undefined;
  let cli: ChildProcess | undefined;
  let browser: HeadlessChromium | undefined;

  before(async () => {
    await configureForLab();
    vm = (await createVm(labVmInputs(name, { vnc: { enabled: true, password: PASSWORD } }))).outs;
  });
  after(async () => {
    await browser?.close();
    cli?.kill("SIGKILL");
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  it("serves noVNC behind a token, shows the guest's console as QEMU sees it, and leaves nothing behind", async () => {
    const vncPort = vm!.vncEndpoint!.port;
    const output = { text: "" };
    const started = await startVnc(name, output);
    cli = started.child;
    const { url } = started;
    const base = new URL(url).origin;
    assert.doesNotMatch(url, new RegExp(PASSWORD));

    // The token is the only way in.
    assert.equal((await fetch(`${base}/`)).status, 403);
    assert.equal((await fetch(`${base}/not-the-token/`)).status, 403);
    assert.equal((await fetch(`${base}/novnc/core/rfb.js`)).status, 403);
    assert.equal(await webSocketStatus(`${base.replace("http", "ws")}/websockify`), 403);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="page.js">/);
    assert.equal((await fetch(`${url}novnc/core/rfb.js`)).status, 200);

    browser = await HeadlessChromium.open(url);
    // The page fetches the VNC password when the server asks, and connects.
    await browser.waitFor(`document.body.dataset.state === "connected"`, "noVNC connected");
    assert.notEqual(await vncConnections(vncPort), "", "the tunnel's connection to the VNC server is up");
    // The guest's tty1 shows its console-shell line once the first frame is drawn.
    await browser.waitFor(
      `(() => { const c = document.querySelector("#screen canvas"); if (!c || c.width < 100) return false;
         const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
         for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 96) n++; return n > 500; })()`,
      "text on the noVNC canvas",
    );
    const rect = await browser.evaluate<{ x: number; y: number; width: number; height: number }>(
      `(() => { const r = document.querySelector("#screen canvas").getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
    );
    const shot = decodePng(await browser.screenshot(rect));
    const qemu = decodeImage(await qemuScreenshot(name));
    assert.ok(foregroundPixels(shot) > 500, `the screenshot's canvas shows text (${foregroundPixels(shot)} non-background pixels)`);
    assert.ok(foregroundPixels(qemu) > 500, `QEMU's screenshot shows text (${foregroundPixels(qemu)} non-background pixels)`);
    const same = samePixelShare(shot, qemu);
    assert.ok(same > 0.97, `the browser shows what QEMU shows: ${(same * 100).toFixed(2)} % of the pixels are the same`);

    await browser.close();
    browser = undefined;
    cli.removeAllListeners("exit");
    const exit = new Promise<number | null>((resolve) => cli!.once("exit", resolve));
    cli.kill("SIGINT");
    assert.equal(await exit, 0, output.text);
    cli = undefined;
    await assert.rejects(fetch(url), "nothing listens on the page's port any more");
    assert.equal(await vncConnections(vncPort), "", "no tunnel connection is left on the host");
    assert.doesNotMatch(output.text, new RegExp(PASSWORD), "the VNC password appears in no output");
  });
});
