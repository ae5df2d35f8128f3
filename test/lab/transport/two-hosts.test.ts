import { strict as assert } from "assert";
import { defineDomain } from "../../../provider/libvirt/domains";
import { virsh } from "../../../provider/libvirt/virsh";
import { closeAllConnections, openConnectionCount } from "../../../provider/transport/connection-pool";
import { resetTransportStats, transportStatsByEndpoint } from "../../../provider/transport/stats";
import { labConnection, labHost, labSettings, secondLabConnection, secondLabHost, secondLabSettings, testName } from "../../support/lab";

describe("the lab's two libvirt hosts: separate daemons, one connection pool each", function () {
  this.timeout(120_000);
  beforeEach(() => {
    closeAllConnections();
    resetTransportStats();
  });
  after(() => closeAllConnections());

  it("each sshd reaches its own libvirtd: its own network bridge, pool folder and host key", async () => {
    const [first, second] = [labHost(), secondLabHost()];
    const bridge = async (host: typeof first) => /Bridge:\s+(\S+)/.exec((await virsh(host, ["net-info", "default"])).stdout)?.[1];
    assert.equal(await bridge(first), "virbr0");
    assert.equal(await bridge(second), secondLabSettings().bridge);
    const poolPath = async (host: typeof first, pool: string) => /<path>(.*)<\/path>/.exec((await virsh(host, ["pool-dumpxml", pool])).stdout)?.[1];
    assert.notEqual(await poolPath(first, labSettings().pool), await poolPath(second, secondLabSettings().pool));
    assert.notEqual(labSettings().hostKey, secondLabSettings().hostKey);
  });

  it("a domain defined on the second host does not exist on the first", async () => {
    const name = testName("second-only");
    const second = secondLabHost();
    await defineDomain(second, `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`);
    try {
      assert.equal((await virsh(second, ["domstate", "--", name])).stdout.trim(), "shut off");
      const onFirst = await virsh(labHost(), ["domstate", "--", name], { allowFailure: true });
      assert.notEqual(onFirst.exitCode, 0, "the first host must not see the second host's domain");
    } finally {
      await virsh(second, ["undefine", "--", name], { allowFailure: true });
    }
  });

  it("commands to both hosts at once: one pooled connection per host, counted per endpoint", async () => {
    const [first, second] = [labHost(), secondLabHost()];
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? first : second).run(["sh", "-c", "sleep 0.3; echo ok"])));
    assert.equal(openConnectionCount(labConnection()), 1);
    assert.equal(openConnectionCount(secondLabConnection()), 1);
    assert.deepEqual(transportStatsByEndpoint(), {
      [`${labSettings().host}:${labSettings().port}`]: { connectionsOpened: 1, execs: 3 },
      [`${secondLabSettings().host}:${secondLabSettings().port}`]: { connectionsOpened: 1, execs: 3 },
    });
  });
});
