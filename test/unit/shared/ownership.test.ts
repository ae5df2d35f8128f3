import { strict as assert } from "assert";
import { forwardIdFor } from "../../../provider/resources/port-forward/create";
import { checkPortForward } from "../../../provider/resources/port-forward/check";
import { checkSchedule } from "../../../provider/resources/snapshot-schedule/check";
import { checkVm } from "../../../provider/resources/vm/check";
import { domainSpecFromInputs } from "../../../provider/resources/vm/domain-spec-from-inputs";
import { autoname } from "../../../provider/validation/autoname";
import { ownerOf, splitSdkKeys } from "../../../provider/validation/sdk-keys";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { parseDomainXml } from "../../../provider/xml/parse-domain";

const VM = { memory: { size: 1024 }, os: { kernel: "/boot/vmlinuz" } };

describe("ownership: what a stack makes is marked, and found again after an interrupted run", () => {
  it("splitSdkKeys takes the SDK's keys and the serialized provider out of the program's inputs", () => {
    const { program, sdk } = splitSdkKeys({ size: 1, autonamePrefix: "data", owner: "p/s/Disk/data", macSeed: "p/s/nic", __provider: "x" });
    assert.deepEqual(program, { size: 1 });
    assert.deepEqual(sdk, { autonamePrefix: "data", owner: "p/s/Disk/data", macSeed: "p/s/nic" });
  });

  it("a generated name is a hash of the owner: the same resource of the same stack gets it again, another one does not", () => {
    assert.equal(autoname("web", "p/dev/VirtualMachine/web"), autoname("web", "p/dev/VirtualMachine/web"));
    assert.notEqual(autoname("web", "p/dev/VirtualMachine/web"), autoname("web", "p/prod/VirtualMachine/web"));
    assert.match(autoname("web", "p/dev/VirtualMachine/web"), /^web-[0-9a-f]{7}$/);
    assert.notEqual(autoname("web"), autoname("web"), "without an owner it stays random");
  });

  it("a VM created again after its first create was lost from the state gets the same name; the owner stays in the inputs", () => {
    const news = { ...VM, autonamePrefix: "web", owner: "p/dev/VirtualMachine/web" };
    const first = checkVm({}, news);
    const rerun = checkVm({}, news);
    assert.ok(first.inputs && rerun.inputs);
    assert.equal(rerun.inputs.name, first.inputs.name);
    assert.equal(checkSchedule({}, { vm: "web", schedule: "@daily", autonamePrefix: "n", owner: "o" }).inputs?.name, checkSchedule({}, { vm: "web", schedule: "@daily", autonamePrefix: "n", owner: "o" }).inputs?.name);
  });

  it("the domain carries its owner in VoidVM's metadata, and it reads back", async () => {
    const inputs = checkVm({}, { ...VM, name: "web", owner: "proj/dev/VirtualMachine/web & <co>" }).inputs!;
    const withOwner = { ...inputs, owner: "proj/dev/VirtualMachine/web & <co>" };
    assert.equal(ownerOf(withOwner), "proj/dev/VirtualMachine/web & <co>");
    const xml = renderDomainXml(domainSpecFromInputs(withOwner, { type: "qemu", defaultPool: "default" }));
    assert.equal((await parseDomainXml(xml)).metadata?.owner, "proj/dev/VirtualMachine/web & <co>");
  });

  it("a forward's id is the same for the same owner, VM and rules, and differs when any of them changes", () => {
    const inputs = (owner: string, vm: string, hostPort: number) => ({ ...checkPortForward({}, { vm, rules: [{ hostPort, guestPort: 80 }] }).inputs!, owner });
    const id = forwardIdFor(inputs("p/s/PortForward/web", "web", 8080));
    assert.match(id, /^pf-[0-9a-f]{12}$/);
    assert.equal(forwardIdFor(inputs("p/s/PortForward/web", "web", 8080)), id);
    assert.notEqual(forwardIdFor(inputs("p/s/PortForward/web", "db", 8080)), id);
    assert.notEqual(forwardIdFor(inputs("p/s/PortForward/web", "web", 8081)), id);
    assert.notEqual(forwardIdFor(inputs("p/t/PortForward/web", "web", 8080)), id);
  });
});
