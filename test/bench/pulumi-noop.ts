import { PulumiProject } from "./pulumi-project";
import type { BenchSettings } from "./settings";

/**
 * The same ten resources with a dynamic provider that does nothing (as a user writes one, through
 * pulumi.dynamic.Resource): what the Pulumi CLI, the Node.js program and the dynamic-provider
 * plugin cost by themselves, the least any dynamic provider can take for each step.
 */
const NOOP_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
const bench = new pulumi.Config("bench");
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) { return { id: inputs.name, outs: inputs }; },
  async read(id, props) { return { id, props }; },
  async diff() { return { changes: false }; },
  async delete() {},
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) { super(provider, name, props, undefined, "bench", "Noop"); }
}
for (let i = 0; i < bench.requireNumber("count"); i++) {
  new Noop(\`vm\${i}\`, { name: \`\${bench.require("prefix")}\${i}\`, cores: 1, memory: 512 });
}
`;

const UP = ["up", "--yes", "--skip-preview"];

/** The no-op stack, run by the real CLI like the VoidVM one. */
export class NoopStack {
  private constructor(readonly program: PulumiProject) {}

  static async create(settings: BenchSettings): Promise<NoopStack> {
    const config = { "bench:prefix": `${settings.prefix}n`, "bench:count": String(settings.vms) };
    const stack = new NoopStack(await PulumiProject.create("voidvm-bench-noop", NOOP_PROGRAM, config, {}));
    await stack.preview(); // compiles the program, as VoidvmStack.compile does
    return stack;
  }

  up(): Promise<string> {
    return this.program.cli(UP);
  }

  preview(): Promise<string> {
    return this.program.cli(["preview"]);
  }

  refresh(): Promise<string> {
    return this.program.cli(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<string> {
    return this.program.cli(["destroy", "--yes", "--skip-preview"]);
  }

  remove(): void {
    this.program.remove();
  }
}
