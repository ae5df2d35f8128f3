import { z } from "zod/v4";
import { policySettings } from "../support/policy-settings";
import { vmSize } from "../support/vm-size";
import type { StackRule, VoidvmResource } from "../support/voidvm-policy";

const NAME = "host-budget";

const budget = z.strictObject({
  maxMemory: z.int().min(1).optional().describe("MiB this host may give all the stack's VMs together"),
  maxVcpus: z.int().min(1).optional().describe("vCPUs this host may give all the stack's VMs together"),
});

const settings = policySettings(
  NAME,
  z.strictObject({
    maxMemory: z.int().min(1).default(65536).describe("MiB one host may give all the stack's VMs together (each VM counts memory.maxSize ?? memory.size)"),
    maxVcpus: z.int().min(1).default(64).describe("vCPUs one host may give all the stack's VMs together (each VM counts (maxCores ?? cores) × threads × sockets)"),
    hosts: z.record(z.string(), budget).default({}).describe('Budgets of particular hosts, by connection host: { "10.0.0.5": { "maxMemory": 131072 } }'),
  }),
);
type Budgets = ReturnType<typeof settings.read>;

interface HostLoad {
  memory: number;
  vcpus: number;
  vms: { name: string; memory: number; vcpus: number }[];
}

/** Which host a VM lives on: its connection's host, else the stack's voidvm:host. */
function hostOf(vm: VoidvmResource, stackHost: string | undefined): string {
  const own: unknown = vm.props.connection?.host;
  return typeof own === "string" ? own : (stackHost ?? "(no host: neither connection.host nor voidvm:host is set)");
}

/** The stack's VMs on one host may together reach at most the host's budget of memory and vCPUs. */
export const hostBudget: StackRule<Budgets> = {
  name: NAME,
  description: "The stack's VMs on each host stay within that host's memory and vCPU budget.",
  enforcementLevel: "mandatory",
  settings,
  violations: (resources, budgets, { stack }) => {
    const loads = new Map<string, HostLoad>();
    for (const vm of resources.filter((r) => r.kind === "VirtualMachine")) {
      const size = vmSize(vm.props);
      if (!size) continue;
      const host = hostOf(vm, stack.host);
      const load = loads.get(host) ?? { memory: 0, vcpus: 0, vms: [] };
      load.memory += size.memory;
      load.vcpus += size.vcpus;
      load.vms.push({ name: vm.name, memory: size.memory, vcpus: size.vcpus });
      loads.set(host, load);
    }
    return [...loads].flatMap(([host, load]) => {
      const own = budgets.hosts[host] ?? {};
      const maxMemory = own.maxMemory ?? budgets.maxMemory;
      const maxVcpus = own.maxVcpus ?? budgets.maxVcpus;
      const setting = budgets.hosts[host] ? `hosts["${host}"]` : "maxMemory/maxVcpus (or hosts[HOST])";
      const over = [
        ...(load.memory > maxMemory ? [`${load.memory} MiB of memory, more than its budget of ${maxMemory} MiB`] : []),
        ...(load.vcpus > maxVcpus ? [`${load.vcpus} vCPUs, more than its budget of ${maxVcpus}`] : []),
      ];
      if (!over.length) return [];
      const vms = [...load.vms]
        .sort((a, b) => b.memory - a.memory || b.vcpus - a.vcpus || a.name.localeCompare(b.name))
        .map((vm) => `${vm.name} (${vm.memory} MiB, ${vm.vcpus} vCPUs)`);
      return [
        `Host ${host} would give this stack's VMs ${over.join(" and ")} (biggest first: ${vms.join(", ")}), so they could starve each other or the host: ` +
          `make VMs smaller (memory.maxSize, cpu.maxCores), move some to another host, or raise ${setting} for policy ${NAME} in --policy-pack-config.`,
      ];
    });
  },
};
