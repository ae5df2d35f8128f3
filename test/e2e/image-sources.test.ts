import { strict as assert } from "assert";
import { createHash, randomBytes } from "crypto";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { createServer, type Server } from "http";
import { tmpdir } from "os";
import { join } from "path";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labHost, labSettings, labVolumeSha256, onLabHost, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

/** One Image; its source comes from stack config: a URL (with a sha256) or a local file. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const t = new pulumi.Config("t");
const image = new voidvm.Image("img", {
  name: t.require("name"),
  format: "raw",
  ...(t.get("url") ? { url: t.require("url"), sha256: t.require("sha256") } : { localPath: t.require("localPath") }),
});
export const volume = image.volume;
export const sha256 = image.sha256;
export const virtualSize = image.virtualSize;
`;

describe("Image sources through the real Pulumi CLI: a URL with a wrong sha256, a local file", function () {
  this.timeout(900_000);
  const name = testName("e2e-imgsrc");
  const body = randomBytes(3 * 1024 * 1024);
  const actual = createHash("sha256").update(body).digest("hex");
  let server: Server;
  let url = "";
  let localDir = "";
  let program: PulumiProgram;
  const poolVolumes = async () => (await virsh(labHost(), ["vol-list", "--pool", labSettings().pool])).stdout;

  before(async () => {
    server = createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => server.listen(0, labSettings().host, r));
    url = `http://${labSettings().host}:${(server.address() as { port: number }).port}/image.raw`;
    localDir = mkdtempSync(join(tmpdir(), "vv-e2e-imgsrc-"));
    writeFileSync(join(localDir, "image.raw"), body);
    const { config, secrets } = labStackConfig({ "t:name": name, "t:url": url, "t:sha256": "0".repeat(64) });
    program = await PulumiProgram.create({ name: "image-sources", source: PROGRAM, config, secrets });
  });

  after(async () => {
    await program.destroy().catch(() => undefined);
    program.remove();
    await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", `${name}.raw`], { allowFailure: true });
    server.close();
    rmSync(localDir, { recursive: true, force: true });
    closeAllConnections();
  });

  it("an Image from a URL with a wrong sha256 is refused, showing both hashes, and leaves nothing behind", async () => {
    const result = await program.cli(["up", "--yes", "--skip-preview"], { allowFailure: true });
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, new RegExp(`expected 0{64}, got ${actual}`));
    assert.doesNotMatch(await poolVolumes(), new RegExp(name), "no volume");
    assert.equal((await onLabHost("ls ${TMPDIR:-/var/tmp} | grep -c '^voidvm-image' || true")).stdout.trim(), "0", "no temporary download");
  });

  it("an Image from a local file is uploaded over SSH, byte for byte; destroy removes it", async () => {
    await program.cli(["config", "rm", "t:url"]);
    await program.cli(["config", "set", "t:localPath", join(localDir, "image.raw")]);
    await program.up();
    const outputs = await program.outputs();
    assert.equal(outputs.sha256, actual);
    assert.equal(outputs.virtualSize, body.length);
    assert.equal(await labVolumeSha256(`${name}.raw`), actual, "the volume holds the file's bytes");
    await program.destroy();
    assert.doesNotMatch(await poolVolumes(), new RegExp(name));
  });
});
