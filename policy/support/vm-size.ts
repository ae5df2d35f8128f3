import { cpuSchema, memoryCeiling, memorySchema, vcpuCeiling } from "../../provider/resources/vm/schema";

/** What a VM can grow to without a restart, read with the provider's own schemas (defaults filled). */
export interface VmSize {
  /** vCPUs at start: cores × threads × sockets. */
  vcpusNow: number;
  /** vCPUs it can grow to live: (maxCores ?? cores) × threads × sockets. */
  vcpus: number;
  /** How the vCPU count comes about, e.g. "cores 4 × threads 2 × sockets 1". */
  vcpuFormula: string;
  /** MiB at start: memory.size. */
  memoryNow: number;
  /** MiB it can grow to live: memory.maxSize, else memory.size. */
  memory: number;
}

/** Undefined when the inputs are invalid: the provider's check already reports those. */
export function vmSize(props: { cpu?: unknown; memory?: unknown }): VmSize | undefined {
  const cpu = cpuSchema.safeParse(props.cpu ?? {});
  const memory = memorySchema.safeParse(props.memory);
  if (!cpu.success || !memory.success) return undefined;
  const cores = cpu.data.maxCores === undefined ? `cores ${cpu.data.cores}` : `maxCores ${cpu.data.maxCores}`;
  return {
    vcpusNow: cpu.data.cores * cpu.data.threads * cpu.data.sockets,
    vcpus: vcpuCeiling(cpu.data),
    vcpuFormula: `${cores} × threads ${cpu.data.threads} × sockets ${cpu.data.sockets}`,
    memoryNow: memory.data.size,
    memory: memoryCeiling(memory.data),
  };
}
