import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { checkVm } from "../../../provider/resources/vm/check";
import { planChanges } from "../../../provider/resources/vm/change-plan";
import { imageArgs } from "../../../provider/resources/vm/image-root";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { imageRefInput } from "../../../sdk/image-ref";

const base = { name: "web", memory: { size: 1024 } };
const reasons = (disk: Record<string, unknown>) => (checkVm({}, { ...base, disk }).failures ?? []).map((f) => `${f.property}: ${f.reason}`);

describe("VM root disk from an image", () => {
  it("accepts an image as pool/volume, copy-on-write by default", () => {
    const { inputs } = checkVm({}, { ...base, disk: { size: 20, image: "default/debian-12.qcow2" } });
    assert.ok(inputs);
    assert.deepEqual(imageArgs(inputs), ["default", "debian-12.qcow2", "cow"]);
    assert.deepEqual(imageArgs(checkVm({}, { ...base, disk: { size: 20, image: "p/v", clone: "full", type: "raw" } }).inputs!), ["p", "v", "full"]);
    assert.deepEqual(imageArgs(checkVm({}, { ...base, disk: { size: 20 } }).inputs!), ["", "", "cow"]);
  });

  it("refuses what cannot work, each with its property", () => {
    assert.match(reasons({ size: 20, image: "novolume" }).join(), /disk.image: must be an Image or "pool\/volume"/);
    assert.match(reasons({ size: 20, image: "a/b/c" }).join(), /disk.image/);
    assert.match(reasons({ size: 20, image: "p/v", baseImage: "/x.qcow2" }).join(), /disk.image: choose either disk.image .* or disk.baseImage/);
    assert.match(reasons({ size: 20, clone: "full" }).join(), /disk.clone: clone applies to a disk from an image/);
    assert.match(reasons({ size: 20, image: "p/v", type: "raw" }).join(), /disk.type: a copy-on-write clone is a qcow2 overlay/);
    assert.match(reasons({ size: 20, image: "p/v", preallocation: "full" }).join(), /disk.preallocation: a copy-on-write clone is an overlay/);
    assert.deepEqual(reasons({ size: 20, image: "p/v", preallocation: "full", clone: "full" }), []);
  });

  it("a new image or clone mode replaces the VM; an old VM without image sees no change", () => {
    const outs = (disk: Record<string, unknown>) =>
      ({ ...checkVm({}, { ...base, disk }).inputs!, uuid: "u", observedState: "running", ipAddresses: [], macAddresses: [], inlineMacs: [], domainXml: "" }) as VmOutputs;
    const news = (disk: Record<string, unknown>) => checkVm({}, { ...base, disk }).inputs!;
    const kinds = (o: VmOutputs, n: ReturnType<typeof news>) => planChanges(o, n).changes.map((c) => `${c.path}:${c.kind}`);
    assert.deepEqual(kinds(outs({ size: 20 }), news({ size: 20 })), []);
    assert.deepEqual(kinds(outs({ size: 20, image: "p/a" }), news({ size: 20, image: "p/b" })), ["disk.image:replace"]);
    assert.deepEqual(kinds(outs({ size: 20, image: "p/a" }), news({ size: 20, image: "p/a", clone: "cow" })), [], "cow is the default");
    assert.deepEqual(kinds(outs({ size: 20, image: "p/a" }), news({ size: 20, image: "p/a", clone: "full" })), ["disk.clone:replace"]);
    assert.deepEqual(kinds(outs({ size: 20, image: "p/a" }), news({ size: 30, image: "p/a" })), ["disk.size:live"], "growth stays live");
  });

  it("the SDK turns an Image (pool and volume outputs) into pool/volume and passes strings through", async () => {
    assert.equal(imageRefInput("p/v"), "p/v");
    const ref = imageRefInput({ pool: pulumi.output("voidvm"), volume: pulumi.output("deb.qcow2") });
    assert.ok(pulumi.Output.isInstance(ref));
    const value = await new Promise((resolve) => (ref as pulumi.Output<string>).apply(resolve));
    assert.equal(value, "voidvm/deb.qcow2");
  });
});

describe("VM check in a preview with an Image not created yet", () => {
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  it("an unknown disk.image or cloudInit part passes check and stays unknown; known inputs are still checked", () => {
    const { inputs } = checkVm({}, { ...base, disk: { size: 20, image: UNKNOWN }, cloudInit: { userData: UNKNOWN, hostname: "h" } });
    assert.ok(inputs);
    assert.equal(inputs.disk?.image, UNKNOWN);
    assert.equal(inputs.disk?.size, 20);
    assert.deepEqual(inputs.cloudInit, { userData: UNKNOWN, hostname: "h" });
    const bad = checkVm({}, { ...base, disk: { size: 20, image: UNKNOWN, type: "raw" }, memory: { size: 1 } });
    assert.deepEqual(bad.failures?.map((f) => f.property).sort(), ["disk.type", "memory.maxSize", "memory.size"]);
  });
});
