import { strict as assert } from "assert";
import { checkVm } from "../../../provider/resources/vm/check";
import { DEFAULT_WAIT_FOR_IP_SECONDS, waitForIpSeconds } from "../../../provider/resources/vm/schema";

const base = { name: "web", memory: { size: 1024 }, os: { kernel: "/boot/vmlinuz" } };

describe("checkVm", () => {
  it("fills defaults", () => {
    const { inputs } = checkVm({}, base);
    assert.ok(inputs);
    assert.deepEqual(inputs.cpu, { cores: 1, threads: 1, sockets: 1, features: [] });
    assert.equal(inputs.state, "running");
    assert.equal(inputs.stopTimeout, 30);
    assert.equal(inputs.allowRestart, false);
  });

  it("reports every problem at once, each with its property", () => {
    const { failures } = checkVm({}, {
      name: "bad/name",
      cpu: { cores: 8, threads: 2, sockets: 2, features: ["vmx"] },
      memory: { size: 100 },
      disk: { size: 900 },
      state: "sleeping",
      network: { interfaces: [{ type: "bridge", mac: "01:00:00:00:00:01" }] },
    });
    assert.ok(failures);
    const properties = failures.map((f) => f.property).sort();
    for (const expected of ["name", "cpu.features[0]", "state", "network.interfaces[0].mac"]) {
      assert.ok(properties.includes(expected), `${expected} in ${properties.join(", ")}`);
    }
    assert.ok(failures.every((f) => f.reason.length > 5));
  });

  it("applies the product's bounds and lets limits override them", () => {
    const tooBig = checkVm({}, { ...base, cpu: { cores: 17 }, memory: { size: 256 }, disk: { size: 5 } });
    assert.deepEqual(tooBig.failures?.map((f) => f.property).sort(), ["cpu", "disk.size", "memory.maxSize", "memory.size"]);
    assert.match(tooBig.failures?.find((f) => f.property === "cpu")?.reason ?? "", /17 vCPUs, more than the limit of 16/);
    const allowed = checkVm({}, { ...base, cpu: { cores: 17 }, memory: { size: 256 }, disk: { size: 5 }, limits: { maxVcpus: 32, minMemory: 128, minDiskSize: 1 } });
    assert.equal(allowed.failures, undefined);
  });

  it("refuses hostile names that cannot work, accepts UTF-8 and punctuation", () => {
    for (const bad of ["a\nb", "-rf", ".hidden", "a/b", " padded", ""]) {
      assert.equal(checkVm({}, { ...base, name: bad }).failures?.[0]?.property, "name", bad);
    }
    for (const good of ["网站服务器-01", `it's "$(x)" \`y\`; <&>`]) {
      assert.equal(checkVm({}, { ...base, name: good }).failures, undefined, good);
    }
  });

  it("names a VM from its resource name and keeps that name across updates", () => {
    const unnamed: Record<string, unknown> = { ...base };
    delete unnamed.name;
    const first = checkVm({}, { ...unnamed, autonamePrefix: "web" }).inputs;
    assert.match(first?.name ?? "", /^web-[0-9a-f]{7}$/);
    const again = checkVm({ name: first?.name, autonamePrefix: "web" }, { ...unnamed, autonamePrefix: "web" }).inputs;
    assert.equal(again?.name, first?.name);
  });

  it("checks that maxCores and NUMA cells are consistent", () => {
    const { failures } = checkVm({}, { ...base, cpu: { cores: 4, maxCores: 2 }, memory: { size: 1024, numa: [{ cpus: "0", memory: 512 }] } });
    assert.deepEqual(failures?.map((f) => f.property).sort(), ["cpu.maxCores", "memory.numa"]);
  });
});

describe("checkVm: waitForIp and preallocation (speed at scale)", () => {
  it("defaults to a sparse root disk and no wait for an address", () => {
    const { inputs } = checkVm({}, { ...base, disk: { size: 10 } });
    assert.ok(inputs);
    assert.equal(inputs.disk?.preallocation, "off");
    assert.equal(waitForIpSeconds(inputs), 0);
  });

  it("waitForIp: true waits the documented default, a number that many seconds", () => {
    assert.equal(waitForIpSeconds({ waitForIp: true }), DEFAULT_WAIT_FOR_IP_SECONDS);
    assert.equal(DEFAULT_WAIT_FOR_IP_SECONDS, 300);
    assert.equal(waitForIpSeconds(checkVm({}, { ...base, waitForIp: 45 }).inputs!), 45);
    assert.equal(checkVm({}, { ...base, waitForIp: 0 }).failures?.[0]?.property, "waitForIp");
  });

  it("refuses metadata preallocation of a raw disk and preallocation of an overlay, naming the property", () => {
    const raw = checkVm({}, { ...base, disk: { size: 10, type: "raw", preallocation: "metadata" } });
    assert.deepEqual(raw.failures?.map((f) => f.property), ["disk.preallocation"]);
    const overlay = checkVm({}, { ...base, disk: { size: 10, baseImage: "/var/lib/base.qcow2", preallocation: "full" } });
    assert.deepEqual(overlay.failures?.map((f) => f.property), ["disk.preallocation"]);
    assert.match(overlay.failures?.[0]?.reason ?? "", /copy-on-write/);
  });
});
