import { floorCreateScript, floorReadScript, floorRemoveScript } from "./floor";
import type { LabSsh } from "./lab-ssh";
import { PeakRssWatcher } from "./peak-rss";
import type { BenchResults } from "./report";
import type { BenchSettings } from "./settings";
import { vmNames } from "./settings";
import type { SshConnectionCounter } from "./ssh-counter";
import { measure } from "./step";
import type { NoopStack } from "./pulumi-noop";
import type { TerraformWorkspace } from "./terraform";
import type { VoidvmStack } from "./voidvm";

/** What every phase gets. */
export interface BenchContext {
  settings: BenchSettings;
  ssh: LabSsh;
  counter: SshConnectionCounter;
  results: BenchResults;
}

const GiB = 1024 ** 3;

/** Host disk (GiB) allocated to the volumes of one tool, measured outside the timed steps. */
function diskTaken(ctx: BenchContext, tag: string): Promise<number | undefined> {
  return ctx.ssh
    .allocatedBytes(`${ctx.settings.prefix}${tag}`)
    .then((bytes) => bytes / GiB)
    .catch(() => undefined);
}

/** VoidVM: up (peak RSS watched), empty-program preview, unchanged preview, refresh, destroy. */
export async function voidvmPhase(ctx: BenchContext, stack: VoidvmStack, empty: VoidvmStack): Promise<void> {
  const { counter, results } = ctx;
  const steps = results.steps.voidvm;
  const n = ctx.settings.vms;
  const free = (await ctx.ssh.poolAvailableBytes()) / GiB;
  const full = n * ctx.settings.vm.diskGiB;
  if (full + 10 > free) console.error(`[bench] warning: ${free.toFixed(0)} GiB free on the pool: fully allocated volumes (${full} GiB) would fill it`);
  stack.takeTransportCounts();
  const execs = () => stack.takeTransportCounts()?.execs;
  results.firstCompile = await measure(counter, "VoidVM program's first preview (compiles it)", () => stack.compile());
  stack.takeTransportCounts();
  const rss = new PeakRssWatcher(stack.backendUrl);
  rss.start();
  steps.up = await measure(counter, `VoidVM up (${n})`, () => stack.up());
  results.peakRssMiB.up = rss.stop().peakMiB;
  results.voidvmExecs.up = execs();
  results.diskGiB.voidvm = await diskTaken(ctx, "p");
  results.emptyPreview = await measure(counter, "VoidVM preview, empty program", () => empty.preview());
  stack.takeTransportCounts();
  steps.preview = await measure(counter, `VoidVM unchanged preview (${n})`, () => stack.preview());
  results.voidvmExecs.preview = execs();
  steps.refresh = await measure(counter, `VoidVM refresh (${n})`, () => stack.refresh());
  results.voidvmExecs.refresh = execs();
  steps.destroy = await measure(counter, `VoidVM destroy (${n})`, () => stack.destroy());
  results.voidvmExecs.destroy = execs();
}

/**
 * VoidVM again with `--parallel` at terraform's default (10): the CLI's own default, 4 × CPUs,
 * runs ten operations in two waves on a 2-core host.
 */
export async function voidvmParallelPhase(ctx: BenchContext, stack: VoidvmStack): Promise<void> {
  const { counter, settings } = ctx;
  const steps = ctx.results.steps.voidvmP10;
  const n = settings.vms;
  const p = TERRAFORM_PARALLELISM;
  steps.up = await measure(counter, `VoidVM up --parallel ${p} (${n})`, () => stack.up(p));
  steps.refresh = await measure(counter, `VoidVM refresh --parallel ${p} (${n})`, () => stack.refresh(p));
  steps.destroy = await measure(counter, `VoidVM destroy --parallel ${p} (${n})`, () => stack.destroy(p));
}

/** terraform's default -parallelism. */
export const TERRAFORM_PARALLELISM = 10;

/** The no-op dynamic provider: up, unchanged preview, refresh, destroy. */
export async function pulumiNoopPhase(ctx: BenchContext, stack: NoopStack): Promise<void> {
  const { counter } = ctx;
  const steps = ctx.results.steps.pulumiNoop;
  const n = ctx.settings.vms;
  steps.up = await measure(counter, `Pulumi no-op up (${n})`, () => stack.up());
  steps.preview = await measure(counter, `Pulumi no-op unchanged preview (${n})`, () => stack.preview());
  steps.refresh = await measure(counter, `Pulumi no-op refresh (${n})`, () => stack.refresh());
  steps.destroy = await measure(counter, `Pulumi no-op destroy (${n})`, () => stack.destroy());
}

/** terraform: apply, unchanged plan, refresh-only apply, destroy. */
export async function terraformPhase(ctx: BenchContext, tf: TerraformWorkspace): Promise<void> {
  const { counter } = ctx;
  const steps = ctx.results.steps.terraform;
  const n = ctx.settings.vms;
  steps.up = await measure(counter, `terraform apply (${n})`, () => tf.apply());
  ctx.results.diskGiB.terraform = await diskTaken(ctx, "t");
  steps.preview = await measure(counter, `terraform unchanged plan (${n})`, () => tf.plan());
  steps.refresh = await measure(counter, `terraform apply -refresh-only (${n})`, () => tf.refresh());
  steps.destroy = await measure(counter, `terraform destroy (${n})`, () => tf.destroy());
}

/** The floor: one exec creating all VMs in parallel, one reading them, one removing them. */
export async function floorPhase(ctx: BenchContext): Promise<void> {
  const { counter, ssh, settings } = ctx;
  const steps = ctx.results.steps.floor;
  const names = vmNames(settings, "f", settings.vms);
  const n = settings.vms;
  steps.up = await measure(counter, `floor create (${n})`, () => ssh.run(floorCreateScript(settings, ssh.lab.pool, ssh.lab.network, names)));
  ctx.results.diskGiB.floor = await diskTaken(ctx, "f");
  steps.refresh = await measure(counter, `floor read (${n})`, () => ssh.run(floorReadScript(names)));
  steps.destroy = await measure(counter, `floor remove (${n})`, () => ssh.run(floorRemoveScript(ssh.lab.pool, names)));
}

/**
 * VoidVM at a larger size: up (peak RSS watched) and destroy. Skipped when the smaller up failed,
 * or when its volumes took so much disk that this size would fill the host's disk.
 */
export async function largePhase(ctx: BenchContext, stack: VoidvmStack): Promise<void> {
  const { counter, results, settings } = ctx;
  const large = (results.large = { vms: settings.largeVms } as NonNullable<BenchResults["large"]>);
  if (results.steps.voidvm.up?.error) {
    large.skipped = `the ${settings.vms}-VM up failed`;
    return;
  }
  const perVm = (results.diskGiB.voidvm ?? 0) / settings.vms;
  const free = (await ctx.ssh.poolAvailableBytes()) / GiB;
  if (perVm * settings.largeVms > free - 10) {
    large.skipped = `the ${settings.vms}-VM up took ${perVm.toFixed(1)} GiB of disk per VM: ${settings.largeVms} VMs would not fit in ${free.toFixed(0)} GiB free`;
    return;
  }
  await stack.setCount(settings.largeVms);
  const rss = new PeakRssWatcher(stack.backendUrl);
  rss.start();
  large.up = await measure(counter, `VoidVM up (${settings.largeVms})`, () => stack.up());
  results.peakRssMiB.largeUp = rss.stop().peakMiB;
  large.destroy = await measure(counter, `VoidVM destroy (${settings.largeVms})`, () => stack.destroy());
}
