import { existsSync, readFileSync, rmSync } from "fs";
import { labStackConfig } from "../support/stack-config";
import { PulumiProject } from "./pulumi-project";
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

const UP = ["up", "--yes", "--skip-preview"];

/** `--parallel N` when given, else the CLI's default (4 × CPUs). */
const parallelArgs = (parallel?: number) => (parallel ? ["--parallel", String(parallel)] : []);

/** Loads the same modules as the VM program and declares nothing: the baseline of a preview. */
const EMPTY_PROGRAM = `
import "@pulumi/pulumi";
import "@voidvm/pulumi";
`;

/** True when a preview's output proposes any change. */
function proposesChanges(stdout: string): boolean {
  return /\bto (create|update|delete|replace)\b/.test(stdout);
}

/** The VoidVM side: a Pulumi project using @voidvm/pulumi (from `npm pack`), run by the real CLI. */
export class VoidvmStack {
  private constructor(readonly program: PulumiProject) {}

  static async create(settings: BenchSettings, network: string, empty = false): Promise<VoidvmStack> {
    const prefix = `${settings.prefix}p`;
    const lab = labStackConfig({ "bench:prefix": prefix, "bench:network": network, "bench:count": String(settings.vms) });
    const name = empty ? "voidvm-bench-empty" : "voidvm-bench";
    const program = await PulumiProject.create(name, empty ? EMPTY_PROGRAM : vmProgram(settings), lab.config, lab.secrets);
    // The empty program's stack holds just its Stack resource, so that its preview is unchanged too.
    if (empty) await program.cli(UP);
    return new VoidvmStack(program);
  }

  /**
   * The first run of a program after an edit: ts-node type-checks and compiles it (about 3 s
   * here, for any Pulumi TypeScript program), then caches it until it changes. The bench does it
   * before the timed steps, as `terraform init` runs before terraform's.
   */
  async compile(): Promise<void> {
    await this.program.cli(["preview"]);
  }

  get backendUrl(): string {
    return this.program.backendUrl;
  }

  async setCount(count: number): Promise<void> {
    await this.program.cli(["config", "set", "bench:count", String(count)]);
  }

  up(parallel?: number): Promise<string> {
    return this.program.cli([...UP, ...parallelArgs(parallel)]);
  }

  /** An unchanged preview; notes when it proposes changes. */
  async preview(): Promise<{ note?: string }> {
    const stdout = await this.program.cli(["preview"]);
    return { note: proposesChanges(stdout) ? "the preview proposed changes" : undefined };
  }

  refresh(parallel?: number): Promise<string> {
    return this.program.cli(["refresh", "--yes", "--skip-preview", ...parallelArgs(parallel)]);
  }

  destroy(parallel?: number): Promise<string> {
    return this.program.cli(["destroy", "--yes", "--skip-preview", ...parallelArgs(parallel)]);
  }

  /** SSH connections and execs the provider says it made since the last call (undefined if it does not say). */
  takeTransportCounts(): { connections: number; execs: number } | undefined {
    const file = this.program.statsFile;
    if (!existsSync(file)) return undefined;
    // One JSON line per report; the last line of each provider process holds its totals.
    const byPid = new Map<number, { connectionsOpened: number; execs: number }>();
    for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
      try {
        const entry = JSON.parse(line) as { pid: number; connectionsOpened: number; execs: number };
        byPid.set(entry.pid, entry);
      } catch {
        // a line being written
      }
    }
    rmSync(file, { force: true });
    const all = [...byPid.values()];
    return { connections: all.reduce((n, e) => n + e.connectionsOpened, 0), execs: all.reduce((n, e) => n + e.execs, 0) };
  }

  remove(): void {
    this.program.remove();
  }
}
