import { randomBytes } from "crypto";

/** What one `npm run bench` run does, from the environment. */
export interface BenchSettings {
  /** VMs in the side-by-side comparison (VOIDVM_BENCH_VMS, default 10). */
  vms: number;
  /** VMs in the scaling run of VoidVM alone (VOIDVM_BENCH_VMS_LARGE, default 30; 0 skips it). */
  largeVms: number;
  /** Every domain and volume of this run starts with this (`vvb-<run id>-`). */
  prefix: string;
  /** Each VM: vCPUs, MiB, GiB of sparse qcow2 root volume. */
  vm: { cores: number; memoryMiB: number; diskGiB: number };
}

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 200) throw new Error(`${name} must be an integer 0..200, got ${JSON.stringify(raw)}`);
  return value;
}

export function benchSettings(): BenchSettings {
  const vms = count("VOIDVM_BENCH_VMS", 10);
  if (vms < 1) throw new Error("VOIDVM_BENCH_VMS must be at least 1");
  return {
    vms,
    largeVms: count("VOIDVM_BENCH_VMS_LARGE", 30),
    prefix: `vvb-${randomBytes(3).toString("hex")}-`,
    vm: { cores: 1, memoryMiB: 512, diskGiB: 10 },
  };
}

/** Names of `n` domains of one tool in this run: `vvb-<run>-<tag><i>`. */
export function vmNames(settings: BenchSettings, tag: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${settings.prefix}${tag}${i}`);
}
