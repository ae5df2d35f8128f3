import { strict as assert } from "assert";
import { resourceInputs, type CommonArgs } from "../../../sdk/resource-inputs";

describe("resourceInputs", () => {
  it("names every output (undefined until the provider fills it) and keeps the program's values", () => {
    const inputs = resourceInputs("data", { size: 1, cache: "none" } as CommonArgs, { autoname: true, outputs: ["name", "size", "path"] });
    assert.deepEqual(inputs, { size: 1, cache: "none", connection: undefined, autonamePrefix: "data", name: undefined, path: undefined });
  });

  it("uses the program's name instead of a prefix, and sends a VM given by name as vm", () => {
    const inputs = resourceInputs("snap", { name: "before-upgrade", vm: "web" }, { autoname: true, outputs: [] });
    assert.deepEqual(inputs, { name: "before-upgrade", vm: "web", vmUuid: undefined, connection: undefined, autonamePrefix: undefined });
  });

  it("puts extra inputs on top", () => {
    assert.deepEqual(resourceInputs("nic", { vm: "web" }, { outputs: [], extra: { macSeed: "p/s/nic" } }), {
      vm: "web",
      vmUuid: undefined,
      connection: undefined,
      macSeed: "p/s/nic",
    });
  });
});
