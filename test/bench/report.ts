import { cpus } from "os";
import type { StepResult } from "./step";

export const TOOLS = ["voidvm", "voidvmP10", "terraform", "floor", "pulumiNoop"] as const;
export type Tool = (typeof TOOLS)[number];
export const STEPS = ["up", "preview", "refresh", "destroy"] as const;
export type Step = (typeof STEPS)[number];

/** Everything one run measured; absent = not run. */
export interface BenchResults {
  vms: number;
  steps: Record<Tool, Partial<Record<Step, StepResult>>>;
  /** SSH execs the VoidVM provider reported per step (when it reports them). */
  voidvmExecs: Partial<Record<Step, number>>;
  emptyPreview?: StepResult;
  /** The VoidVM program's first preview, in which ts-node type-checks and compiles it (not in the table). */
  firstCompile?: StepResult;
  large?: { vms: number; up?: StepResult; destroy?: StepResult; skipped?: string };
  peakRssMiB: { up?: number; largeUp?: number };
  /** Host disk (GiB) allocated to each tool's volumes after its up. */
  diskGiB: Partial<Record<Tool, number>>;
}

const STEP_LABEL: Record<Step, string> = { up: "up", preview: "unchanged preview", refresh: "refresh", destroy: "destroy" };
const LEGEND =
  `VoidVM: pulumi up/preview/refresh/destroy with pulumi's default --parallel (4 × CPUs = ${4 * cpus().length} here); ` +
  "VoidVM -p 10: the same with --parallel 10, terraform's default -parallelism. " +
  "no-op: the same ten resources through pulumi.dynamic.Resource with a provider that does nothing, run by the same CLI: " +
  "what the Pulumi CLI, the Node.js program and the dynamic-provider plugin take by themselves. " +
  "terraform: apply -auto-approve, plan, apply -refresh-only -auto-approve, destroy -auto-approve. " +
  "floor: one ssh exec running a sh script with a background job per VM (create: vol-create-as --allocation 0, define, start; " +
  "refresh: domstate, dumpxml, domifaddr; destroy: destroy, undefine, vol-delete).";

function secs(r: StepResult | undefined): string {
  if (!r) return "—";
  if (r.error) return `FAILED after ${r.seconds.toFixed(1)} s`;
  return `${r.seconds.toFixed(1)} s${r.note ? ` (${r.note})` : ""}`;
}

function ratio(a: StepResult | undefined, b: StepResult | undefined): string {
  if (!a || !b || a.error || b.error || b.seconds <= 0) return "—";
  return `${(a.seconds / b.seconds).toFixed(2)}×`;
}

function conns(r: StepResult | undefined): string {
  return r ? String(r.sshConnections) : "—";
}

/**
 * Pulumi's own time (the no-op stack: CLI, program, plugin; its calls cost nothing) plus the
 * floor's host work, which a dynamic provider can start only once the plugin is up: against
 * terraform.
 */
function lowerBound(res: BenchResults): string {
  const parts = (["up", "refresh", "destroy"] as const).map((step) => {
    const noop = res.steps.pulumiNoop[step];
    const floor = res.steps.floor[step];
    if (!noop || !floor || noop.error || floor.error) return `${step} —`;
    const sum: StepResult = { seconds: noop.seconds + floor.seconds, sshConnections: 0 };
    return `${step} ${secs(sum)} (${ratio(sum, res.steps.terraform[step])} terraform)`;
  });
  return `Pulumi's own time (no-op) + the floor's host work: ${parts.join(", ")}`;
}

/** The side-by-side table (markdown) and the lines below it. */
export function formatReport(res: BenchResults): string {
  const out: string[] = [];
  out.push(
    `| step (${res.vms} VMs) | VoidVM | VoidVM -p 10 | terraform 0.8.3 | floor | Pulumi no-op | VoidVM / terraform | VoidVM -p 10 / terraform | no-op / terraform | SSH connections VoidVM / terraform / floor |`,
  );
  out.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const step of STEPS) {
    const [v, p, t, f, n] = TOOLS.map((tool) => res.steps[tool][step]);
    const execs = res.voidvmExecs[step];
    const vConns = `${conns(v)}${execs !== undefined ? ` (${execs} execs)` : ""}`;
    out.push(`| ${STEP_LABEL[step]} | ${secs(v)} | ${secs(p)} | ${secs(t)} | ${secs(f)} | ${secs(n)} | ${ratio(v, t)} | ${ratio(p, t)} | ${ratio(n, t)} | ${vConns} / ${conns(t)} / ${conns(f)} |`);
  }
  out.push("", LEGEND, "");
  out.push(lowerBound(res));
  const large = res.large;
  if (large?.skipped) out.push(`up of ${large.vms} VMs (VoidVM): skipped, ${large.skipped}`);
  else if (large?.up) {
    out.push(`up of ${large.vms} VMs (VoidVM): ${secs(large.up)}, ${ratio(large.up, res.steps.voidvm.up)} the ${res.vms}-VM up, ${conns(large.up)} SSH connections; destroy: ${secs(large.destroy)}, ${conns(large.destroy)} SSH connections`);
  }
  const rss = (mib?: number) => (mib === undefined ? "not seen" : `${mib.toFixed(0)} MiB`);
  out.push(`dynamic provider peak RSS (VmHWM): ${res.vms}-VM up ${rss(res.peakRssMiB.up)}${large && !large.skipped ? `, ${large.vms}-VM up ${rss(res.peakRssMiB.largeUp)}` : ""}`);
  const prev = res.steps.voidvm.preview;
  out.push(`preview of a program with no resources: ${secs(res.emptyPreview)} (${conns(res.emptyPreview)} SSH connections); unchanged preview / empty preview: ${ratio(prev, res.emptyPreview)} (no-op provider: ${ratio(res.steps.pulumiNoop.preview, res.emptyPreview)})`);
  out.push(
    `the VoidVM program's first preview, before the timed steps (ts-node compiles it, then caches it until it changes): ${secs(res.firstCompile)}; ` +
      `its later previews: ${secs(prev)}`,
  );
  const disk = TOOLS.map((tool) => `${tool} ${res.diskGiB[tool] === undefined ? "—" : `${res.diskGiB[tool]!.toFixed(1)} GiB`}`);
  out.push(`host disk allocated to the volumes after the ${res.vms}-VM up: ${disk.join(", ")}`);
  return out.join("\n");
}
