import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { resourceInputs, type CommonArgs } from "../../../sdk/resource-inputs";

const owner = (kind: string, name: string) => `${pulumi.getProject()}/${pulumi.getStack()}/${kind}/${name}`;

describe("resourceInputs", () => {
  it("names every output (undefined until the provider fills it) and keeps the program's values", () => {
    const inputs = resourceInputs("data", { size: 1, cache: "none" } as CommonArgs, { kind: "Disk", autoname: true, outputs: ["name", "size", "path"] });
    assert.deepEqual(inputs, { size: 1, cache: "none", connection: undefined, owner: owner("Disk", "data"), autonamePrefix: "data", name: undefined, path: undefined });
  });

  it("uses the program's name instead of a prefix, and sends a VM given by name as vm", () => {
    const inputs = resourceInputs("snap", { name: "before-upgrade", vm: "web" }, { kind: "Snapshot", autoname: true, outputs: [] });
    assert.deepEqual(inputs, { name: "before-upgrade", vm: "web", vmUuid: undefined, connection: undefined, owner: owner("Snapshot", "snap"), autonamePrefix: undefined });
  });

  it("puts extra inputs on top", () => {
    assert.deepEqual(resourceInputs("nic", { vm: "web" }, { kind: "NetworkInterface", outputs: [], extra: { macSeed: "p/s/nic" } }), {
      vm: "web",
      vmUuid: undefined,
      connection: undefined,
      owner: owner("NetworkInterface", "nic"),
      macSeed: "p/s/nic",
    });
  });
});
