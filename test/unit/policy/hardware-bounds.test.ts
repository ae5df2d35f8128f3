import { strict as assert } from "assert";
import { hardwareBounds } from "../../../policy/rules/hardware-bounds";
import { context, resource, settingsFrom } from "./helpers";

const vm = (props: Record<string, unknown>) => resource("VirtualMachine", "web", { memory: { size: 1024 }, ...props });
const check = (target: ReturnType<typeof vm>, config: object = {}) => hardwareBounds.violations(target, settingsFrom(hardwareBounds.settings, config), context());

describe("policy hardware-bounds", () => {
  it("passes a VM and a Disk within the product's bounds (1-16 vCPUs, 512 MiB-32 GiB, 10-500 GiB)", () => {
    assert.deepEqual(check(vm({ cpu: { cores: 16 }, memory: { size: 512, maxSize: 32768 }, disk: { size: 500 } })), []);
    assert.deepEqual(check(resource("Disk", "data", { size: 10 })), []);
  });

  it("counts the vCPUs a VM can reach live, (maxCores ?? cores) × threads × sockets, and names value, limit and fix", () => {
    const [message, ...rest] = check(vm({ cpu: { cores: 2, maxCores: 4, threads: 2, sockets: 3 } }));
    assert.equal(rest.length, 0);
    assert.equal(
      message,
      'VirtualMachine "web" can reach 24 vCPUs (maxCores 4 × threads 2 × sockets 3), more than the limit of 16: lower cpu.cores/maxCores, threads or sockets, or change the bound in --policy-pack-config ("hardware-bounds": {...}).',
    );
  });

  it("checks memory.maxSize against the maximum and memory.size against the minimum", () => {
    const found = check(vm({ memory: { size: 256, maxSize: 40000 } }));
    assert.equal(found.length, 2);
    assert.match(found[0] ?? "", /can reach 40000 MiB of memory .*more than the limit of 32768 MiB: lower memory\.size\/maxSize/);
    assert.match(found[1] ?? "", /starts with 256 MiB of memory, less than the minimum of 512 MiB: raise memory\.size/);
  });

  it("checks a VM's root disk and a Disk resource's size", () => {
    assert.match(check(vm({ disk: { size: 501 } }))[0] ?? "", /VirtualMachine "web" has a 501 GiB disk \(disk\.size\), more than the limit of 500 GiB: make disk\.size smaller/);
    assert.match(check(resource("Disk", "scratch", { size: 5 }))[0] ?? "", /Disk "scratch" has a 5 GiB disk \(size\), less than the minimum of 10 GiB: make size bigger/);
  });

  it("follows bounds from the policy config, whatever limits the program gave the provider", () => {
    const big = vm({ cpu: { cores: 6 }, limits: { maxVcpus: 64 } });
    assert.deepEqual(check(big), []);
    assert.match(check(big, { maxVcpus: 4 })[0] ?? "", /can reach 6 vCPUs .*more than the limit of 4:/);
    assert.match(check(vm({ cpu: { cores: 1 } }), { minVcpus: 2 })[0] ?? "", /starts with 1 vCPUs, fewer than the minimum of 2: raise cpu\.cores/);
  });

  it("refuses a misspelt or wrong setting, naming it", () => {
    assert.throws(() => settingsFrom(hardwareBounds.settings, { maxVcpu: 4 }), /policy hardware-bounds is invalid: .*maxVcpu/);
    assert.throws(() => settingsFrom(hardwareBounds.settings, { maxMemory: "lots" }), /hardware-bounds\.maxMemory: /);
  });

  it("leaves inputs the provider's check refuses to the provider", () => {
    assert.deepEqual(check(vm({ cpu: { cores: 0 } })), []);
  });
});
