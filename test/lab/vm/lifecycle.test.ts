import { strict as assert } from "assert";
import { gracefulStop } from "../../../provider/libvirt/lifecycle";
import { virsh } from "../../../provider/libvirt/virsh";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { updateVm } from "../../../provider/resources/vm/update";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { labHost, testName } from "../../support/lab";
import { bootId, configureForLab, domstate, hasManagedSave, labVmInputs } from "../../support/vm-harness";

describe("VirtualMachine state transitions on the lab", function () {
  this.timeout(900_000);
  const name = testName("states");
  let vm: VmOutputs | undefined;

  before(async () => {
    await configureForLab();
    vm = (await createVm(labVmInputs(name))).outs;
  });
  after(async () => {
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  async function moveTo(state: VmOutputs["state"], expected: string): Promise<void> {
    vm = await updateVm(vm!, labVmInputs(name, { state }));
    assert.equal(await domstate(name), expected, `virsh domstate after asking for ${state}`);
    assert.equal(vm.state, state);
    assert.equal(await hasManagedSave(name), state === "suspended");
  }

  it("pauses, resumes, suspends to disk and restores the same running guest (boot id unchanged)", async () => {
    const ip = vm!.ipAddresses[0]!;
    const before = await bootId(ip);
    await moveTo("paused", "paused");
    await moveTo("running", "running");
    await moveTo("suspended", "shut off");
    await moveTo("running", "running");
    assert.equal(await bootId(vm!.ipAddresses[0]!), before, "the restored guest is the same boot");
  });

  it("stops gracefully: the guest honours ACPI and powers off by itself", async () => {
    await bootId(vm!.ipAddresses[0]!); // booted far enough for acpid to run
    assert.equal(await gracefulStop(labHost(), name, 60), "graceful");
    vm = await updateVm(vm!, labVmInputs(name, { state: "stopped" }));
    assert.equal(await domstate(name), "shut off");
  });

  it("goes from stopped to paused, paused to suspended, suspended to stopped, stopped to running", async () => {
    await moveTo("paused", "paused");
    await moveTo("running", "running");
    await bootId(vm!.ipAddresses[0]!);
    await moveTo("paused", "paused");
    await moveTo("suspended", "shut off");
    await moveTo("stopped", "shut off");
    await moveTo("running", "running");
    await bootId(vm!.ipAddresses[0]!);
    await moveTo("paused", "paused");
    await moveTo("stopped", "shut off");
    await moveTo("running", "running");
  });

  it("refuses stopped to suspended with a message that says what to do", async () => {
    vm = await updateVm(vm!, labVmInputs(name, { state: "stopped" }));
    await assert.rejects(updateVm(vm, labVmInputs(name, { state: "suspended" })), /Set "running" first/);
    assert.equal(await domstate(name), "shut off");
    const result = await virsh(labHost(), ["dominfo", "--", name]);
    assert.match(result.stdout, /Managed save:\s+no/);
  });
});
