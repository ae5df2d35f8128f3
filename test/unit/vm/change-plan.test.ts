import { strict as assert } from "assert";
import { checkVm } from "../../../provider/resources/vm/check";
import { planChanges } from "../../../provider/resources/vm/change-plan";
import { diffVm } from "../../../provider/resources/vm/diff";
import { domainSpecFromInputs } from "../../../provider/resources/vm/domain-spec-from-inputs";
import { vmOutputs } from "../../../provider/resources/vm/observe";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import type { VmInputs } from "../../../provider/resources/vm/schema";

function inputs(extra: Record<string, unknown> = {}): VmInputs {
  const outcome = checkVm({}, { name: "web", memory: { size: 1024, maxSize: 2048 }, cpu: { cores: 2, maxCores: 4 }, disk: { size: 20 }, ...extra });
  if (!outcome.inputs) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

function outputs(extra: Record<string, unknown> = {}, observedState: VmOutputs["observedState"] = "running"): VmOutputs {
  return { ...inputs(extra), uuid: "u", observedState, ipAddresses: [], macAddresses: [], inlineMacs: [], domainXml: "" };
}

const kinds = (olds: VmOutputs, news: VmInputs) => Object.fromEntries(planChanges(olds, news).changes.map((c) => [c.path, c.kind]));

describe("planChanges and diffVm (what each change does)", () => {
  it("applies description, autostart, memory within maxSize and vCPUs within maxCores live", () => {
    assert.deepEqual(kinds(outputs(), inputs({ description: "new", autostart: true, memory: { size: 2048, maxSize: 2048 }, cpu: { cores: 4, maxCores: 4 } })), {
      description: "live",
      autostart: "live",
      "memory.size": "live",
      "cpu.cores": "live",
    });
  });

  it("needs a restart for CPU model, topology, maxSize, hugepages and boot settings", () => {
    const plan = kinds(outputs(), inputs({ cpu: { cores: 2, maxCores: 8, model: "qemu64" }, memory: { size: 1024, maxSize: 4096, hugepages: true }, os: { kernel: "/k" } }));
    assert.deepEqual(plan, { "cpu.maxCores": "restart", "cpu.model": "restart", "memory.maxSize": "restart", "memory.hugepages": "restart", os: "restart" });
  });

  it("replaces the VM for a new name or pool, deleting the old one first when the name stays", () => {
    const diff = diffVm(outputs(), inputs({ disk: { size: 20, pool: "other" } }));
    assert.deepEqual(diff.replaces, ["disk.pool"]);
    assert.equal(diff.deleteBeforeReplace, true);
    assert.equal(diffVm(outputs(), inputs({ name: "web2" })).deleteBeforeReplace, false);
  });

  it("refuses a smaller disk in preview because it would lose data", () => {
    assert.throws(() => diffVm(outputs(), inputs({ disk: { size: 10 } })), /disk\.size: shrinking the root disk from 20 GiB to 10 GiB would destroy data/);
  });

  it("fails the preview of a cold change to a running VM without allowRestart, naming the property and the fix", () => {
    assert.throws(() => diffVm(outputs(), inputs({ cpu: { cores: 2, maxCores: 4, model: "qemu64" } })), (error: Error) => {
      assert.match(error.message, /Changing cpu\.model needs a restart/);
      assert.match(error.message, /allowRestart: true/);
      return true;
    });
    assert.equal(diffVm(outputs(), inputs({ cpu: { cores: 2, maxCores: 4, model: "qemu64" }, allowRestart: true })).changes, true);
  });

  it("applies a cold change to a stopped VM without asking for a restart", () => {
    const diff = diffVm(outputs({ state: "stopped" }, "stopped"), inputs({ state: "stopped", cpu: { cores: 2, maxCores: 4, model: "qemu64" } }));
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
  });

  it("refuses stopped to suspended, and shows no change when nothing changed", () => {
    assert.throws(() => diffVm(outputs({ state: "stopped" }, "stopped"), inputs({ state: "suspended" })), /cannot go straight to "suspended"/);
    assert.equal(diffVm(outputs(), inputs()).changes, false);
    assert.equal(diffVm(outputs(), inputs({ stopTimeout: 5, allowRestart: true })).changes, false);
  });

  it("shows no change for a VM defined before VMs had a serial console, and the new definition has one", async () => {
    const desired = inputs({ disk: undefined, os: { kernel: "/k" }, state: "stopped" });
    const withConsole = renderDomainXml(domainSpecFromInputs(desired, { type: "qemu", defaultPool: "default" }));
    assert.match(withConsole, /<serial type="pty">[\s\S]*<console type="pty">/);
    const before = withConsole.replace(/ *<serial[\s\S]*<\/console>\n/, "");
    assert.doesNotMatch(before, /<serial|<console/);
    for (const xml of [before, withConsole]) {
      const read = await vmOutputs(desired, { state: "stopped", autostart: false, xml, leases: [] }, undefined);
      assert.equal(diffVm(read, desired).changes, false);
    }
  });
});
