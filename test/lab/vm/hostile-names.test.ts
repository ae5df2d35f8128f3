import { strict as assert } from "assert";
import { virsh } from "../../../provider/libvirt/virsh";
import { configureProvider } from "../../../provider/config/configure";
import { checkVm } from "../../../provider/resources/vm/check";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { parseDomainXml } from "../../../provider/xml/parse-domain";
import { guestVmInputs } from "../../support/guest";
import { HOSTILE_STRINGS, PWNED_CHECK } from "../../support/hostile-strings";
import { labConnection, labHost, labSettings } from "../../support/lab";

describe("hostile names and descriptions through the VirtualMachine provider", function () {
  this.timeout(300_000);
  before(() => configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) }));
  after(() => closeAllConnections());

  for (const hostile of HOSTILE_STRINGS) {
    it(`either round-trips or refuses ${JSON.stringify(hostile)}`, async () => {
      const name = hostile.trim() === hostile && hostile !== "" && !hostile.includes("\n") ? `vvt-${hostile}` : hostile;
      const outcome = checkVm({}, guestVmInputs(name, { description: hostile, state: "stopped", connection: labConnection() }));
      if (outcome.failures) {
        // Refused before anything reaches the host, with a reason naming the property.
        assert.ok(outcome.failures.every((f) => f.property === "name" && f.reason.length > 10), JSON.stringify(outcome.failures));
        return;
      }
      const { outs } = await createVm(outcome.inputs);
      try {
        const xml = (await virsh(labHost(), ["dumpxml", "--", name])).stdout;
        const spec = await parseDomainXml(xml);
        assert.equal(spec.name, name);
        assert.equal(spec.description ?? "", hostile);
        assert.equal(outs.name, name);
      } finally {
        await deleteVm(outs);
      }
      const left = await virsh(labHost(), ["domstate", "--", name], { allowFailure: true });
      assert.notEqual(left.exitCode, 0, "the domain is gone after delete");
    });
  }

  it("never ran any of them as a command on the host", async () => {
    const check = await labHost().run(["sh", "-c", PWNED_CHECK]);
    assert.equal(check.stdout.trim(), "clean");
  });
});
