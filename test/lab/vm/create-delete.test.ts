import { strict as assert } from "assert";
import { configureProvider } from "../../../provider/config/configure";
import { virsh } from "../../../provider/libvirt/virsh";
import { checkVm } from "../../../provider/resources/vm/check";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmInputs } from "../../../provider/resources/vm/schema";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { guestVmInputs, httpGet } from "../../support/guest";
import { labConnection, labHost, labSettings, testName } from "../../support/lab";

function inputs(name: string, extra: Record<string, unknown> = {}): VmInputs {
  const outcome = checkVm({}, guestVmInputs(name, { connection: labConnection(), ...extra }));
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

async function domainExists(name: string): Promise<boolean> {
  return (await virsh(labHost(), ["domstate", "--", name], { allowFailure: true })).exitCode === 0;
}

async function volumeNames(pool: string): Promise<string[]> {
  return (await virsh(labHost(), ["vol-list", "--pool", pool])).stdout.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "");
}

describe("VirtualMachine create and delete on the lab", function () {
  this.timeout(300_000);
  before(() => configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) }));
  after(() => closeAllConnections());

  it("boots the test guest, which answers HTTP on its DHCP address; delete removes domain and root volume", async () => {
    const name = testName("boot");
    const { outs } = await createVm(inputs(name, { disk: { size: 1 } }));
    try {
      assert.equal(outs.state, "running");
      assert.match(outs.uuid, /^[0-9a-f-]{36}$/);
      assert.equal(outs.ipAddresses.length, 1, "one DHCP address");
      assert.equal(outs.macAddresses.length, 1);
      const page = await httpGet(`http://${outs.ipAddresses[0]}/`);
      assert.match(page, /voidvm test guest/);
      assert.ok((await volumeNames(labSettings().pool)).includes(`${name}-root.qcow2`));
    } finally {
      await deleteVm(outs);
    }
    assert.equal(await domainExists(name), false);
    assert.equal((await volumeNames(labSettings().pool)).includes(`${name}-root.qcow2`), false);
  });

  it("a failed create (pool missing) leaves no domain or volume and says what to do", async () => {
    const name = testName("nopool");
    await assert.rejects(createVm(inputs(name, { disk: { size: 1, pool: "no-such-pool" } })), (error: Error) => {
      assert.match(error.message, /Creating VM .* failed and everything it created was removed/);
      assert.match(error.message, /pool/);
      return true;
    });
    assert.equal(await domainExists(name), false);
  });

  it("a failed create (libvirt refuses the definition after the volume exists) removes the volume", async () => {
    const name = testName("badcpu");
    await assert.rejects(createVm(inputs(name, { disk: { size: 1 }, cpu: { cores: 1, model: "NoSuchCpuModel" } })));
    assert.equal(await domainExists(name), false);
    assert.equal((await volumeNames(labSettings().pool)).includes(`${name}-root.qcow2`), false);
  });

  it("refuses a name taken by another domain, leaving that domain alone", async () => {
    const name = testName("taken");
    const { outs } = await createVm(inputs(name, { state: "stopped" }));
    try {
      await assert.rejects(createVm(inputs(name, { state: "stopped" })), /already exists .* adopt: true/s);
      assert.equal(await domainExists(name), true);
    } finally {
      await deleteVm(outs);
    }
  });
});
