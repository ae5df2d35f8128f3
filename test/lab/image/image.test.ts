import { strict as assert } from "assert";
import { createHash, randomBytes } from "crypto";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { createServer, type Server } from "http";
import { tmpdir } from "os";
import { join } from "path";
import { virsh } from "../../../provider/libvirt/virsh";
import { checkImage } from "../../../provider/resources/image/check";
import { createImage } from "../../../provider/resources/image/create";
import { deleteImage } from "../../../provider/resources/image/delete";
import type { ImageOutputs } from "../../../provider/resources/image/outputs";
import { readImage } from "../../../provider/resources/image/read";
import type { ImageInputs } from "../../../provider/resources/image/schema";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { resetTransportStats, transportStats } from "../../../provider/transport/stats";
import { labConnection, labHost, labSettings, labVolumeSha256, onLabHost, testName } from "../../support/lab";
import { configureForLab } from "../../support/vm-harness";

function imageInputs(name: string, raw: Record<string, unknown>): ImageInputs {
  const outcome = checkImage({}, { name, connection: labConnection(), ...raw });
  if (!outcome.inputs) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

/** Runs a script on the host and returns its trimmed stdout. */
async function onHost(script: string, args: string[] = []): Promise<string> {
  return (await onLabHost(script, args)).stdout.trim();
}

async function poolVolumes(): Promise<string> {
  return (await virsh(labHost(), ["vol-list", "--pool", labSettings().pool])).stdout;
}

async function volumeFormat(volume: string): Promise<string | undefined> {
  return /<format type='([^']+)'\/>/.exec((await virsh(labHost(), ["vol-dumpxml", "--pool", labSettings().pool, "--vol", volume])).stdout)?.[1];
}

describe("Image on the lab", function () {
  this.timeout(300_000);
  let dir: string;
  before(async () => {
    await configureForLab();
    dir = await onHost('d=$(mktemp -d /tmp/vvt-image.XXXXXX) && chmod 755 "$d" && echo "$d"');
  });
  after(async () => {
    await onHost('rm -rf -- "$1"', [dir]);
    closeAllConnections();
  });

  it("hostPath: imports a qcow2 as is and a raw file converted to qcow2; outputs path, size, sha256; delete removes it", async () => {
    const hashes = await onHost(
      `cd "$1" && qemu-img create -q -f qcow2 a.qcow2 64M && head -c 3145728 /dev/urandom > b.raw && sha256sum a.qcow2 b.raw | cut -d' ' -f1`,
      [dir],
    );
    const [shaA, shaB] = hashes.split("\n");
    const name = testName("img");
    resetTransportStats();
    const a = await createImage(imageInputs(`${name}-a`, { hostPath: `${dir}/a.qcow2`, sha256: shaA }));
    assert.equal(transportStats().execs, 1, "one round trip");
    const b = await createImage(imageInputs(`${name}-b`, { hostPath: `${dir}/b.raw` }));
    try {
      assert.equal(a.id, `${labSettings().pool}/${name}-a.qcow2`);
      assert.equal(a.outs.virtualSize, 64 * 1024 * 1024);
      assert.equal(a.outs.sha256, shaA);
      assert.match(a.outs.path, new RegExp(`/${name}-a\\.qcow2$`));
      assert.equal(await volumeFormat(`${name}-a.qcow2`), "qcow2");
      assert.equal(b.outs.virtualSize, 3 * 1024 * 1024, "raw: the file size");
      assert.equal(b.outs.sha256, shaB, "the hash of the file as given, before conversion");
      assert.equal(await volumeFormat(`${name}-b.qcow2`), "qcow2", "converted");
      // The converted volume holds the same bytes as the raw source.
      const compared = await onHost(
        `t=$(mktemp) && virsh -q -c "$1" vol-download --pool "$2" --vol "$3" --file "$t" && qemu-img compare -q -f raw -F qcow2 "$4" "$t" && echo same; rm -f "$t"`,
        [labSettings().uri, labSettings().pool, `${name}-b.qcow2`, `${dir}/b.raw`],
      );
      assert.equal(compared, "same");
      const read = await readImage(a.id, a.outs);
      assert.equal((read.props as ImageOutputs).virtualSize, 64 * 1024 * 1024);
    } finally {
      await deleteImage(a.outs);
      await deleteImage(b.outs);
    }
    assert.doesNotMatch(await poolVolumes(), new RegExp(name));
    assert.equal((await readImage(a.id, a.outs)).id, "", "refresh reports it gone");
  });

  it("url: the host downloads it; a wrong sha256 is refused before any volume exists, showing expected and actual", async () => {
    const body = randomBytes(2 * 1024 * 1024);
    const actual = createHash("sha256").update(body).digest("hex");
    const server: Server = createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/image.raw`;
    const name = testName("imgurl");
    try {
      const wrong = "0".repeat(64);
      await assert.rejects(createImage(imageInputs(name, { url, sha256: wrong, format: "raw" })), (e: Error) => {
        assert.match(e.message, new RegExp(`expected ${wrong}, got ${actual}`));
        assert.match(e.message, /nothing was left on the host/);
        return true;
      });
      assert.doesNotMatch(await poolVolumes(), new RegExp(name));
      assert.equal(await onHost("ls ${TMPDIR:-/var/tmp} | grep -c '^voidvm-image' || true"), "0", "no temporary download left");
      const ok = await createImage(imageInputs(name, { url, sha256: actual, format: "raw" }));
      try {
        assert.equal(ok.outs.sha256, actual);
        assert.equal(ok.outs.virtualSize, body.length);
        assert.equal(await volumeFormat(`${name}.raw`), "raw");
      } finally {
        await deleteImage(ok.outs);
      }
    } finally {
      server.close();
    }
  });

  it("url: a long download shows its progress every five seconds, with the total from Content-Length", async () => {
    const body = randomBytes(4 * 1024 * 1024);
    // 8 chunks 1.5 s apart: a download of about 11 s.
    const server: Server = createServer((req, res) => {
      res.writeHead(200, { "Content-Length": String(body.length) });
      if (req.method === "HEAD") return void res.end();
      let sent = 0;
      const timer = setInterval(() => {
        res.write(body.subarray(sent, sent + body.length / 8));
        sent += body.length / 8;
        if (sent >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, 1500);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow.raw`;
    const name = testName("imgslow");
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (typeof chunk === "string" && chunk.startsWith(`Image "${name}"`)) lines.push(chunk.trim());
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      const created = await createImage(imageInputs(name, { url, format: "raw" }));
      await deleteImage(created.outs);
    } finally {
      process.stderr.write = write;
      server.close();
    }
    assert.ok(lines.length >= 1 && lines.length <= 3, `one to three progress lines, got: ${lines.join(" | ")}`);
    for (const line of lines) assert.match(line, /^Image "[^"]+": downloaded \d+\.\d MiB of 4\.0 MiB \(\d+%\)$/);
  });

  it("localPath: a file on this machine is streamed over SSH, byte for byte", async () => {
    const local = mkdtempSync(join(tmpdir(), "vvt-local-"));
    const file = join(local, "disk.raw");
    const body = randomBytes(5 * 1024 * 1024 + 123);
    writeFileSync(file, body);
    const sha = createHash("sha256").update(body).digest("hex");
    const name = testName("imglocal");
    try {
      const { outs } = await createImage(imageInputs(name, { localPath: file, sha256: sha, format: "raw" }));
      try {
        assert.equal(outs.sha256, sha);
        // qemu reports a raw image's size in whole 512-byte sectors.
        assert.equal(outs.virtualSize, Math.ceil(body.length / 512) * 512);
        // Read the volume back through libvirt and hash it on the host.
        const back = await labVolumeSha256(outs.volume);
        assert.equal(back, sha);
      } finally {
        await deleteImage(outs);
      }
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it("refuses to delete an image while a volume uses it as its backing file, naming it; deletes it afterwards", async () => {
    await onHost(`cd "$1" && qemu-img create -q -f qcow2 base.qcow2 32M`, [dir]);
    const name = testName("imgbusy");
    const { outs } = await createImage(imageInputs(name, { hostPath: `${dir}/base.qcow2` }));
    const overlay = `${name}-clone.qcow2`;
    await virsh(labHost(), ["vol-create-as", "--pool", outs.pool, "--name", overlay, "--capacity", "64M", "--format", "qcow2", "--backing-vol", outs.path, "--backing-vol-format", "qcow2"]);
    try {
      await assert.rejects(deleteImage(outs), (e: Error) => {
        assert.match(e.message, new RegExp(`backing file of 1 volume\\(s\\): ${outs.pool}/${overlay.replace(/[.]/g, "\\.")}`));
        assert.match(e.message, /refuses/);
        return true;
      });
      assert.match(await poolVolumes(), new RegExp(`${name}\\.qcow2`), "the image is still there");
    } finally {
      await virsh(labHost(), ["vol-delete", "--pool", outs.pool, "--vol", overlay]);
    }
    await deleteImage(outs);
    assert.doesNotMatch(await poolVolumes(), new RegExp(name));
  });
});
