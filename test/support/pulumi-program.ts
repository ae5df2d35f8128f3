import { execFileSync, spawn } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT } from "./lab";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const CACHE = process.env.VOIDVM_CACHE ?? join(homedir(), ".cache", "voidvm");
let pulumiBin: string | undefined;
let modulesDir: string | undefined;

/** The folder of the real Pulumi CLI (built from Go modules and cached by scripts/ensure-pulumi.sh). */
export function ensurePulumiBin(): string {
  pulumiBin ??= execFileSync("bash", [join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), REPO_ROOT], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return pulumiBin;
}

/**
 * node_modules as a user gets them: this package packed with `npm pack` and unpacked as
 * node_modules/@voidvm/pulumi next to @pulumi/pulumi and the package's own dependencies. The
 * dependencies are installed once per checkout and set of versions; the tarball is unpacked on every run.
 */
export function ensureInstalledModules(): string {
  if (modulesDir) return modulesDir;
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const dependencies = {
    ...pkg.dependencies,
    typescript: pkg.devDependencies.typescript,
    "@types/node": pkg.devDependencies["@types/node"],
  };
  // One folder per checkout and set of versions: two checkouts testing at once never swap each
  // other's unpacked package.
  const hash = createHash("sha256").update(JSON.stringify({ dependencies, checkout: REPO_ROOT })).digest("hex").slice(0, 16);
  const dir = join(CACHE, "e2e-modules", hash);
  if (!existsSync(join(dir, "node_modules", "@pulumi", "pulumi"))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "voidvm-e2e-program", private: true, dependencies }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
  }
  const packDir = mkdtempSync(join(tmpdir(), "vv-pack-"));
  // The tiers run after `npm run build`: no need for `prepare` to build again.
  const tarball = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  const target = join(dir, "node_modules", "@voidvm", "pulumi");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", join(packDir, tarball), "-C", target, "--strip-components=1"]);
  rmSync(packDir, { recursive: true, force: true });
  modulesDir = join(dir, "node_modules");
  return modulesDir;
}

export interface ProgramOptions {
  /** Used in the project name and the temp folder. */
  name: string;
  /** The program: TypeScript source of index.ts. */
  source: string;
  config?: Record<string, string>;
  secrets?: Record<string, string>;
}

/** A Pulumi project in a temporary folder, run with the real CLI and a local file backend. */
export class PulumiProgram {
  readonly statsFile: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(readonly dir: string) {
    this.statsFile = join(dir, "transport-stats.jsonl");
    this.env = {
      ...process.env,
      PATH: `${ensurePulumiBin()}:${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${join(dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "voidvm-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
      VOIDVM_TRANSPORT_STATS_FILE: this.statsFile,
    };
  }

  static async create(options: ProgramOptions): Promise<PulumiProgram> {
    const dir = mkdtempSync(join(tmpdir(), `vv-e2e-${options.name}-`));
    mkdirSync(join(dir, ".state"));
    symlinkSync(ensureInstalledModules(), join(dir, "node_modules"));
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${options.name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    writeFileSync(join(dir, "index.ts"), options.source);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: options.name, private: true, main: "index.ts" }));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true } }),
    );
    const program = new PulumiProgram(dir);
    await program.cli(["stack", "init", "test"]);
    for (const [key, value] of Object.entries(options.config ?? {})) await program.cli(["config", "set", key, value]);
    for (const [key, value] of Object.entries(options.secrets ?? {})) await program.cli(["config", "set", "--secret", key], { stdin: value });
    return program;
  }

  /** The environment the CLI runs in: the CLI on PATH, the local backend, the passphrase. */
  environment(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  /** Runs `pulumi ARGS` in the program folder; throws on a non-zero exit unless allowFailure. */
  cli(args: string[], options: { stdin?: string; allowFailure?: boolean } = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { code: code ?? -1, stdout, stderr };
        if (result.code !== 0 && !options.allowFailure) {
          reject(new Error(`pulumi ${args.join(" ")} exited with ${result.code}\n${stdout}\n${stderr}`));
        } else resolve(result);
      });
      child.stdin.end(options.stdin ?? "");
    });
  }

  up(): Promise<CliResult> {
    return this.cli(["up", "--yes", "--skip-preview"]);
  }

  preview(extra: string[] = []): Promise<CliResult> {
    return this.cli(["preview", "--diff", ...extra], { allowFailure: true });
  }

  refresh(): Promise<CliResult> {
    return this.cli(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<CliResult> {
    return this.cli(["destroy", "--yes", "--skip-preview"]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.cli(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, unknown>;
  }

  /** The current state file(s) of the local backend, as stored on disk. */
  stateFiles(): string {
    const root = join(this.dir, ".state", ".pulumi", "stacks");
    const texts: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".json")) texts.push(readFileSync(path, "utf8")); // not .bak or .attrs
      }
    };
    if (existsSync(root)) walk(root);
    return texts.join("\n");
  }

  /** SSH connections and execs the provider processes made (since the file was last cleared). */
  transportCounts(): { connections: number; execs: number } {
    if (!existsSync(this.statsFile)) return { connections: 0, execs: 0 };
    const lines = readFileSync(this.statsFile, "utf8").trim().split("\n").filter(Boolean);
    const byPid = new Map<number, { connectionsOpened: number; execs: number }>();
    for (const line of lines) {
      const entry = JSON.parse(line) as { pid: number; connectionsOpened: number; execs: number };
      byPid.set(entry.pid, entry);
    }
    let connections = 0;
    let execs = 0;
    for (const entry of byPid.values()) {
      connections += entry.connectionsOpened;
      execs += entry.execs;
    }
    return { connections, execs };
  }

  /** The same counts per SSH endpoint (`host:port`): each host has a connection pool of its own. */
  transportCountsByEndpoint(): Record<string, { connections: number; execs: number }> {
    if (!existsSync(this.statsFile)) return {};
    const lines = readFileSync(this.statsFile, "utf8").trim().split("\n").filter(Boolean);
    const byPid = new Map<number, Record<string, { connectionsOpened: number; execs: number }>>();
    for (const line of lines) {
      const entry = JSON.parse(line) as { pid: number; byEndpoint?: Record<string, { connectionsOpened: number; execs: number }> };
      byPid.set(entry.pid, entry.byEndpoint ?? {});
    }
    const totals: Record<string, { connections: number; execs: number }> = {};
    for (const endpoints of byPid.values()) {
      for (const [endpoint, counts] of Object.entries(endpoints)) {
        const total = (totals[endpoint] ??= { connections: 0, execs: 0 });
        total.connections += counts.connectionsOpened;
        total.execs += counts.execs;
      }
    }
    return totals;
  }

  clearTransportCounts(): void {
    rmSync(this.statsFile, { force: true });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
