import { strict as assert } from "assert";
import { hostBudget } from "../../../policy/rules/host-budget";
import { context, resource, settingsFrom } from "./helpers";

const vm = (name: string, host: string | undefined, memory: number, cores = 1) =>
  resource("VirtualMachine", name, { memory: { size: memory }, cpu: { cores }, ...(host ? { connection: { host } } : {}) });

describe("policy host-budget (stack)", () => {
  it("adds up the memory and vCPUs the stack's VMs can reach on each host, against the budget", () => {
    const vms = [vm("a", "10.0.0.5", 40000, 8), vm("b", "10.0.0.5", 30000, 2), vm("c", "10.0.0.6", 60000), resource("Disk", "d", { size: 100 })];
    const found = hostBudget.violations(vms, settingsFrom(hostBudget.settings), context());
    assert.deepEqual(found, [
      "Host 10.0.0.5 would give this stack's VMs 70000 MiB of memory, more than its budget of 65536 MiB (biggest first: a (40000 MiB, 8 vCPUs), b (30000 MiB, 2 vCPUs)), " +
        "so they could starve each other or the host: make VMs smaller (memory.maxSize, cpu.maxCores), move some to another host, " +
        "or raise maxMemory/maxVcpus (or hosts[HOST]) for policy host-budget in --policy-pack-config.",
    ]);
  });

  it("places VMs without their own host on the stack's voidvm:host, and takes budgets per host from the config", () => {
    const vms = [vm("a", undefined, 4096, 4), vm("b", undefined, 4096, 4), vm("c", "big-iron", 100000, 32)];
    const config = { maxVcpus: 6, hosts: { "big-iron": { maxMemory: 131072, maxVcpus: 32 } } };
    const found = hostBudget.violations(vms, settingsFrom(hostBudget.settings, config), context({ host: "10.0.0.5" }));
    assert.equal(found.length, 1);
    assert.match(found[0] ?? "", /^Host 10\.0\.0\.5 would give this stack's VMs 8 vCPUs, more than its budget of 6 \(biggest first: a \(4096 MiB, 4 vCPUs\), b/);
    const tight = hostBudget.violations(vms, settingsFrom(hostBudget.settings, { hosts: { "big-iron": { maxMemory: 65536, maxVcpus: 16 } } }), context({ host: "10.0.0.5" }));
    assert.match(tight[0] ?? "", /^Host big-iron would give this stack's VMs 100000 MiB of memory, more than its budget of 65536 MiB and 32 vCPUs, more than its budget of 16 .*raise hosts\["big-iron"\]/);
  });

  it("names a VM whose host is set nowhere", () => {
    const found = hostBudget.violations([vm("a", undefined, 70000)], settingsFrom(hostBudget.settings), context());
    assert.match(found[0] ?? "", /^Host \(no host: neither connection\.host nor voidvm:host is set\) would give/);
  });
});
