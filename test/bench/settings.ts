import { randomBytes } from "crypto";

/** What one `npm run bench` run does, from the environment. */
export interface BenchSettings {
  /** VMs in the side-by-side comparison (VOIDVM_BENCH_VMS, default 10). */
  vms: number;
  /** VMs in the scaling run of VoidVM alone (VOIDVM_BENCH_VMS_LARGE, default 30; 0 skips it). */
  largeVms: number;
  /** Every domain and volume of this run starts with this (`vvb-<run id>-`). */
  prefix: string;
  /** Group id the bench runs under, so that its SSH connections can be told apart (VOIDVM_BENCH_GID). */
  gid: number;
  /** Each VM: vCPUs, MiB, GiB of sparse qcow2 root volume. */
  vm: { cores: number; memoryMiB: number; diskGiB: number };
}

function count(name: string, fallback: number, min = 0, max = 200): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer ${min}..${max}, got ${JSON.stringify(raw)}`);
  return value;
}

export function benchSettings(): BenchSettings {
  const vms = count("VOIDVM_BENCH_VMS", 10);
  if (vms < 1) throw new Error("VOIDVM_BENCH_VMS must be at least 1");
  return {
    vms,
    largeVms: count("VOIDVM_BENCH_VMS_LARGE", 30),
    gid: count("VOIDVM_BENCH_GID", 47474, 1000, 2 ** 31 - 1),
    prefix: `vvb-${randomBytes(3).toString("hex")}-`,
    vm: { cores: 1, memoryMiB: 512, diskGiB: 10 },
  };
}

/** Names of `n` domains of one tool in this run: `vvb-<run>-<tag><i>`. */
export function vmNames(settings: BenchSettings, tag: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${settings.prefix}${tag}${i}`);
}
