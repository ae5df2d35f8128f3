/**
 * `npm run bench`: the same VM work done by VoidVM (real `pulumi` CLI, package from `npm pack`),
 * by terraform with terraform-provider-libvirt 0.8.3, and by the floor (one parallel shell script
 * over one SSH exec), side by side on the lab host. Prints figures, never asserts them; exits
 * non-zero only when a step fails. Needs `npm run host:up`.
 *
 * Environment: VOIDVM_BENCH_VMS (default 10), VOIDVM_BENCH_VMS_LARGE (default 30; 0 skips).
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { labSettings } from "../support/lab";
import { sweepScript } from "./floor";
import { LabSsh } from "./lab-ssh";
import type { BenchContext } from "./phases";
import { floorPhase, largePhase, pulumiNoopPhase, terraformPhase, voidvmParallelPhase, voidvmPhase } from "./phases";
import { NoopStack } from "./pulumi-noop";
import type { BenchResults } from "./report";
import { formatReport, STEPS, TOOLS } from "./report";
import { benchSettings, vmNames } from "./settings";
import { SshConnectionCounter } from "./ssh-counter";
import { gist } from "./step";
import { buildTerraformProvider, TerraformWorkspace } from "./terraform";
import { VoidvmStack } from "./voidvm";

const settings = benchSettings();
// Every process the bench starts inherits this group: the SSH connection counter matches on it.
if (!process.setgid) throw new Error("npm run bench needs a POSIX host");
process.setgid(settings.gid);
const lab = labSettings();
const workDir = mkdtempSync(join(tmpdir(), "vvb-bench-"));
const ssh = new LabSsh(lab, workDir);
const counter = new SshConnectionCounter(lab.port, settings.gid, `voidvm-bench-${settings.prefix.slice(4, -1)}`);
const stacks: Array<VoidvmStack | NoopStack> = [];
let cleanedUp = false;

/** Removes the iptables rule, every domain/volume of this run, and the temp folders. Idempotent. */
function cleanUp(): void {
  if (cleanedUp) return;
  cleanedUp = true;
  counter.remove();
  try {
    const removed = ssh.runSync(sweepScript(lab.pool, settings.prefix)).trim();
    if (removed) console.error(`[bench] clean-up removed leftovers:\n${removed}`);
  } catch (e) {
    console.error(`[bench] clean-up of ${settings.prefix}* on the host failed: ${String(e)}`);
  }
  for (const stack of stacks) stack.remove();
  rmSync(workDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`[bench] ${signal}: cleaning up`);
    cleanUp();
    process.exit(130);
  });
}

function emptyResults(): BenchResults {
  return { vms: settings.vms, steps: { voidvm: {}, voidvmP10: {}, terraform: {}, floor: {}, pulumiNoop: {} }, voidvmExecs: {}, peakRssMiB: {}, diskGiB: {} };
}

function failures(results: BenchResults): number {
  let failed = TOOLS.flatMap((tool) => STEPS.map((step) => results.steps[tool][step])).filter((r) => r?.error).length;
  if (results.emptyPreview?.error) failed++;
  if (results.firstCompile?.error) failed++;
  if (results.large?.up?.error) failed++;
  if (results.large?.destroy?.error) failed++;
  return failed;
}

async function main(): Promise<number> {
  const results = emptyResults();
  const ctx: BenchContext = { settings, ssh, counter, results };
  console.error(`[bench] ${settings.vms} VMs side by side, then ${settings.largeVms || "no"} VoidVM VMs; names ${settings.prefix}*`);
  try {
    const providerDir = buildTerraformProvider();
    console.error("[bench] preparing the Pulumi projects (npm pack, stack init)");
    const voidvm = await VoidvmStack.create(settings, lab.network);
    const empty = await VoidvmStack.create(settings, lab.network, true);
    const noop = await NoopStack.create(settings);
    stacks.push(voidvm, empty, noop);
    const tf = new TerraformWorkspace(join(workDir, "terraform"), providerDir, ssh, settings, vmNames(settings, "t", settings.vms));
    counter.install();
    await voidvmPhase(ctx, voidvm, empty);
    await voidvmParallelPhase(ctx, voidvm);
    await terraformPhase(ctx, tf);
    await floorPhase(ctx);
    await pulumiNoopPhase(ctx, noop);
    if (settings.largeVms > 0) await largePhase(ctx, voidvm);
  } catch (e) {
    console.error(`[bench] aborted: ${e instanceof Error ? gist(e.message) : String(e)}`);
    return 1;
  } finally {
    cleanUp();
    console.log(`\n${formatReport(results)}\n`);
  }
  const failed = failures(results);
  if (failed) console.error(`[bench] ${failed} step(s) failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    cleanUp();
    process.exit(1);
  },
);
