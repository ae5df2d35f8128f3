import { existsSync } from "fs";
import { join } from "path";
import type { CliResult } from "../support/pulumi-program";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import type { BenchSettings } from "./settings";

/** `count` VMs named `<prefix><i>`, the bench's VM shape; connection and pool from stack config. */
function vmProgram(settings: BenchSettings): string {
  const { cores, memoryMiB, diskGiB } = settings.vm;
  return `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const bench = new pulumi.Config("bench");
const prefix = bench.require("prefix");
const network = bench.require("network");
for (let i = 0; i < bench.requireNumber("count"); i++) {
  new voidvm.VirtualMachine(\`vm\${i}\`, {
    name: \`\${prefix}\${i}\`,
    cpu: { cores: ${cores} },
    memory: { size: ${memoryMiB} },
    disk: { size: ${diskGiB}, type: "qcow2" },
    network: { interfaces: [{ type: "network", source: network }] },
    state: "running",
  });
}
`;
}

/** Loads the same modules as the VM program and declares nothing: the baseline of a preview. */
const EMPTY_PROGRAM = `
import "@pulumi/pulumi";
import "@voidvm/pulumi";
`;

/** True when a preview's output proposes any change. */
function proposesChanges(result: CliResult): boolean {
  return /\bto (create|update|delete|replace)\b/.test(result.stdout);
}

/** The VoidVM side: a Pulumi project using @voidvm/pulumi (from `npm pack`), run by the real CLI. */
export class VoidvmStack {
  private constructor(readonly program: PulumiProgram) {}

  static async create(settings: BenchSettings, network: string, empty = false): Promise<VoidvmStack> {
    const prefix = `${settings.prefix}p`;
    const lab = labStackConfig({ "bench:prefix": prefix, "bench:network": network, "bench:count": String(settings.vms) });
    const program = await PulumiProgram.create({
      name: empty ? "voidvm-bench-empty" : "voidvm-bench",
      source: empty ? EMPTY_PROGRAM : vmProgram(settings),
      ...lab,
    });
    // The empty program's stack holds just its Stack resource, so that its preview is unchanged too.
    if (empty) await program.up();
    return new VoidvmStack(program);
  }

  get backendUrl(): string {
    return `file://${join(this.program.dir, ".state")}`;
  }

  async setCount(count: number): Promise<void> {
    await this.program.cli(["config", "set", "bench:count", String(count)]);
  }

  up(): Promise<CliResult> {
    return this.program.up();
  }

  /** An unchanged preview; notes when it proposes changes. */
  async preview(): Promise<{ note?: string }> {
    const result = await this.program.preview();
    if (result.code !== 0) throw new Error(`pulumi preview exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
    return { note: proposesChanges(result) ? "the preview proposed changes" : undefined };
  }

  refresh(): Promise<CliResult> {
    return this.program.refresh();
  }

  destroy(): Promise<CliResult> {
    return this.program.destroy();
  }

  /** SSH connections and execs the provider says it made since the last call (undefined if it does not say). */
  takeTransportCounts(): { connections: number; execs: number } | undefined {
    const counts = existsSync(this.program.statsFile) ? this.program.transportCounts() : undefined;
    this.program.clearTransportCounts();
    return counts;
  }

  remove(): void {
    this.program.remove();
  }
}
