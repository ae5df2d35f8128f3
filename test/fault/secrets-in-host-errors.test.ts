import { strict as assert } from "assert";
import { resourceProviders } from "../../provider";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { forgetSecrets } from "../../provider/transport/secrets";
import { guestVmInputs } from "../support/guest";
import { checkOf } from "../support/hostile-inputs";
import { labConnection, testName } from "../support/lab";
import { configureForLab, domstate } from "../support/vm-harness";

const vmProvider = resourceProviders.VirtualMachine as unknown as { create(inputs: unknown): Promise<unknown> };

/**
 * A real remote stderr that quotes a short VNC password: the password is also the CPU model, which
 * libvirt names when it refuses it. The error the user sees must not show it.
 */
describe("short VNC passwords in a real libvirt stderr are redacted from the create error", function () {
  this.timeout(300_000);
  before(() => configureForLab());
  // The registry of secrets is per process: forget these, or every later message has its Qs redacted.
  after(() => {
    forgetSecrets();
    closeAllConnections();
  });

  for (const password of ["Q", "Qj9"]) {
    it(`a ${password.length}-character password`, async () => {
      const name = testName("vncpw");
      const outcome = await checkOf("VirtualMachine")(
        guestVmInputs(name, { connection: labConnection(), waitForIp: false, vnc: { enabled: true, password }, cpu: { cores: 1, model: `ZzCpu${password}` } }),
      );
      assert.equal(outcome.failures, undefined, JSON.stringify(outcome.failures));
      await assert.rejects(vmProvider.create(outcome.inputs), (error: Error) => {
        assert.match(error.message, /ZzCpu\[secret\]/, `libvirt's stderr named the CPU model: ${error.message}`);
        for (const text of [error.message, error.stack ?? "", String(error)]) assert.ok(!text.includes(`ZzCpu${password}`), text);
        return true;
      });
      assert.equal(await domstate(name), "absent");
    });
  }
});
