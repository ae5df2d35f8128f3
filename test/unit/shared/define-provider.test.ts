import { strict as assert } from "assert";
import { defineProvider } from "../../../provider/resources/shared/define-provider";
import { resourceDiff } from "../../../provider/resources/shared/resource-diff";

interface Inputs {
  name: string;
  password?: string;
  note?: string;
}

const SECRET = "vnc-ħ7";

const provider = defineProvider<Inputs, Inputs & { id: string }, ReturnType<typeof resourceDiff>>({
  check: (_olds, news) =>
    typeof news.name === "string" ? { inputs: { name: news.name, note: undefined, password: news.password as string | undefined } } : { failures: [{ property: "name", reason: "is required" }] },
  diff: (olds, news) => resourceDiff(olds.name === news.name ? {} : { name: { kind: "update-replace", inputDiff: true } }, false),
  create: async (inputs) => {
    if (inputs.name === "fails") throw new Error(`libvirt said: bad password ${inputs.password ?? ""}`);
    return { id: inputs.name, outs: { ...inputs, id: inputs.name, note: undefined } };
  },
  read: async (id, props) => (id === "gone" ? { id: "", props: {} } : { id, props }),
  update: async (_olds, news) => ({ ...news, id: news.name }),
  delete: async () => undefined,
  secrets: (value) => [value.password],
});

describe("defineProvider", () => {
  it("returns check's inputs without undefined values, keeping the SDK's autonamePrefix", async () => {
    const checked = await provider.check({} as Inputs, { name: "a", autonamePrefix: "web" } as unknown as Inputs);
    assert.deepEqual(checked, { inputs: { name: "a", autonamePrefix: "web" } });
  });

  it("returns check's failures as they are", async () => {
    assert.deepEqual(await provider.check({} as Inputs, {} as Inputs), { failures: [{ property: "name", reason: "is required" }] });
  });

  it("strips undefined from created outputs", async () => {
    const created = await provider.create({ name: "a" });
    assert.deepEqual(created, { id: "a", outs: { name: "a", id: "a" } });
  });

  it("registers the resource's secrets and redacts them from any error", async () => {
    await assert.rejects(provider.create({ name: "fails", password: SECRET }), (error: Error) => {
      assert.equal(error.message, "libvirt said: bad password [secret]");
      return true;
    });
  });

  it("passes diff's result and read's empty id through", async () => {
    const diff = await provider.diff("a", { name: "a", id: "a" }, { name: "b" });
    assert.deepEqual(diff, { changes: true, replaces: ["name"], deleteBeforeReplace: false, detailedDiff: { name: { kind: "update-replace", inputDiff: true } } });
    assert.equal((await provider.read("gone", { name: "a", id: "a" })).id, "");
  });
});
