import { strict as assert } from "assert";
import { checkImage } from "../../../provider/resources/image/check";
import { diffImage } from "../../../provider/resources/image/diff";
import type { ImageOutputs } from "../../../provider/resources/image/outputs";
import { imageSource, imageVolumeName, type ImageInputs } from "../../../provider/resources/image/schema";

const SHA = "A".repeat(64);

function inputs(raw: Record<string, unknown>): ImageInputs {
  const outcome = checkImage({}, { name: "debian", ...raw });
  if (!outcome.inputs) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

function outputs(raw: Record<string, unknown>): ImageOutputs {
  const i = inputs(raw);
  return { ...i, pool: "voidvm", volume: imageVolumeName(i), path: "/p", virtualSize: 1, sha256: "b".repeat(64) };
}

describe("Image check and diff", () => {
  it("needs exactly one source and reports it clearly", () => {
    assert.match(checkImage({}, { name: "x" }).failures?.[0]?.reason ?? "", /exactly one source: hostPath .* url .* localPath/);
    const two = checkImage({}, { name: "x", hostPath: "/a.qcow2", url: "https://e/x.qcow2" }).failures;
    assert.deepEqual(two?.map((f) => f.property), ["url"]);
    assert.match(two?.[0]?.reason ?? "", /hostPath and url were both given/);
  });

  it("validates each input, all at once; sha256 is stored lower-case; format defaults to qcow2", () => {
    const bad = checkImage({}, { name: "a/b", url: "ftp://x/y", sha256: "xyz", format: "vmdk" }).failures?.map((f) => f.property).sort();
    assert.deepEqual(bad, ["format", "name", "sha256", "url"]);
    const ok = inputs({ url: "https://cloud.debian.org/x.qcow2", sha256: SHA });
    assert.equal(ok.sha256, "a".repeat(64));
    assert.equal(ok.format, "qcow2");
    assert.equal(imageVolumeName(ok), "debian.qcow2");
    assert.deepEqual(imageSource(ok), { kind: "url", source: "https://cloud.debian.org/x.qcow2" });
  });

  it("a localPath must be an absolute path of a file on this machine", () => {
    assert.match(checkImage({}, { name: "x", localPath: "/no/such/file.qcow2" }).failures?.[0]?.reason ?? "", /no file \/no\/such\/file.qcow2 on the machine running Pulumi/);
    assert.match(checkImage({}, { name: "x", localPath: "rel.qcow2" }).failures?.[0]?.reason ?? "", /absolute/);
    assert.deepEqual(imageSource(inputs({ localPath: __filename })), { kind: "stdin", source: __filename });
  });

  it("autonames from the resource name and keeps the name", () => {
    const first = checkImage({}, { autonamePrefix: "deb", hostPath: "/a" }).inputs!;
    assert.match(first.name, /^deb-[0-9a-f]{7}$/);
    assert.equal(checkImage({ ...first, autonamePrefix: "deb" }, { autonamePrefix: "deb", hostPath: "/a" }).inputs!.name, first.name);
  });

  it("any new source, format, pool or name replaces; the same inputs change nothing", () => {
    const olds = outputs({ hostPath: "/a.qcow2" });
    assert.deepEqual(diffImage(olds, inputs({ hostPath: "/a.qcow2" })), { changes: false, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(diffImage(olds, inputs({ hostPath: "/a.qcow2", pool: "voidvm" })).changes, false, "the resolved default pool is no change");
    const moved = diffImage(olds, inputs({ hostPath: "/b.qcow2" }));
    assert.deepEqual(moved, { changes: true, replaces: ["hostPath"], deleteBeforeReplace: true });
    assert.deepEqual(diffImage(olds, inputs({ url: "https://e/x" })).replaces, ["hostPath", "url"]);
    const renamed = diffImage(olds, inputs({ hostPath: "/a.qcow2", name: "other" }));
    assert.deepEqual([renamed.replaces, renamed.deleteBeforeReplace], [["name"], false]);
    assert.deepEqual(diffImage(olds, inputs({ hostPath: "/a.qcow2", format: "raw" })).replaces, ["format"]);
  });

  it("sha256 counts only when given and different from the imported file's", () => {
    const olds = outputs({ hostPath: "/a.qcow2" });
    assert.equal(diffImage(olds, inputs({ hostPath: "/a.qcow2", sha256: "b".repeat(64) })).changes, false);
    assert.deepEqual(diffImage(olds, inputs({ hostPath: "/a.qcow2", sha256: "c".repeat(64) })).replaces, ["sha256"]);
  });
});
