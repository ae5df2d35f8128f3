import { strict as assert } from "assert";
import { ConnectionLostError } from "../../provider/errors";
import { virsh } from "../../provider/libvirt/virsh";
import { createVm } from "../../provider/resources/vm/create";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labHost, testName } from "../support/lab";
import { configureForLab, domstate, labVmInputs } from "../support/vm-harness";
import { removeEverythingNamed, waitUntil } from "./support";

const WAIT = 20;

/**
 * A `pulumi up` killed while a VM create waits for its lease leaves vm-create.sh on the host with
 * nobody listening. It must stop, and never undo the VM when its wait runs out: the next run has
 * taken that VM over by then (seen as a VM that vanished under a NetworkInterface).
 */
describe("a VM create whose client goes away while it waits for a lease", function () {
  this.timeout(600_000);
  const prefix = testName("gone");
  const name = `${prefix}-0`;
  // No interface: the guest never gets a lease, so the create would wait all of waitForIp.
  // The owner (an SDK key, which check leaves to the provider kernel) is what lets the next create take it over.
  const inputs = () => ({ ...labVmInputs(name, { waitForIp: WAIT, network: { interfaces: [] } }), owner: `fault/client-gone/VirtualMachine/${name}` });

  before(configureForLab);
  after(async () => {
    await removeEverythingNamed(prefix);
    closeAllConnections();
  });

  it("stops on the host, leaves the started VM in place, and the next create takes it over", async () => {
    const creating = createVm(inputs());
    const failed = assert.rejects(creating, ConnectionLostError);
    await waitUntil(`${name} running`, async () => (await domstate(name)) === "running", 300_000, 500);
    closeAllConnections();
    await failed;

    const stillRunning = async () => (await labHost().run(["pgrep", "-f", `[v]oidvm-vm-create .*${name}`], { allowFailure: true })).stdout.trim();
    await waitUntil("vm-create.sh ending on the host", async () => (await stillRunning()) === "", 10_000, 250);
    // Past the wait the orphan would have undone the VM (destroy + undefine) if it were still there.
    await new Promise((resolve) => setTimeout(resolve, (WAIT + 5) * 1000));
    assert.equal(await domstate(name), "running", "the VM the killed create started is still there");

    const { outs } = await createVm({ ...inputs(), waitForIp: false });
    assert.equal(outs.name, name);
    assert.equal((await virsh(labHost(), ["domstate", "--", name])).stdout.trim(), "running", "taken over, still running");
  });
});
