import { execFileSync, spawn } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT } from "../support/lab";

const CACHE = process.env.VOIDVM_CACHE ?? join(homedir(), ".cache", "voidvm");

/**
 * This checkout packed with `npm pack`, unpacked as node_modules/@voidvm/pulumi of a folder of
 * its own, next to symlinks to its dependencies (installed once per set of versions in the cache).
 * Unlike the e2e helper, the package is never unpacked into a folder other checkouts share: the
 * bench measures this branch's provider and no other.
 */
export function installPackage(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const dependencies = { ...pkg.dependencies, typescript: pkg.devDependencies.typescript, "@types/node": pkg.devDependencies["@types/node"] };
  const deps = join(CACHE, "bench-modules", createHash("sha256").update(JSON.stringify(dependencies)).digest("hex").slice(0, 16));
  if (!existsSync(join(deps, "node_modules", "@pulumi", "pulumi"))) {
    mkdirSync(deps, { recursive: true });
    writeFileSync(join(deps, "package.json"), JSON.stringify({ name: "voidvm-bench-deps", private: true, dependencies }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: deps, stdio: ["ignore", "inherit", "inherit"] });
  }
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@voidvm"), { recursive: true });
  for (const entry of readdirSync(join(deps, "node_modules"))) {
    if (entry !== "@voidvm" && entry !== ".package-lock.json") symlinkSync(join(deps, "node_modules", entry), join(modules, entry));
  }
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  const target = join(modules, "@voidvm", "pulumi");
  mkdirSync(target);
  execFileSync("tar", ["-xzf", join(dir, tarball), "-C", target, "--strip-components=1"]);
  rmSync(join(dir, tarball));
  return modules;
}

let pulumiBin: string | undefined;

/** The real Pulumi CLI's bin folder (scripts/ensure-pulumi.sh builds and caches it). */
function ensurePulumiBin(): string {
  pulumiBin ??= execFileSync("bash", [join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), REPO_ROOT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  return pulumiBin;
}

/** A Pulumi TypeScript project in a temp folder, run with the real CLI and a local file backend. */
export class PulumiProject {
  readonly backendUrl: string;
  readonly statsFile: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(readonly dir: string) {
    this.backendUrl = `file://${join(dir, ".state")}`;
    this.statsFile = join(dir, "transport-stats.jsonl");
    this.env = {
      ...process.env,
      PATH: `${ensurePulumiBin()}:${process.env.PATH}`,
      PULUMI_BACKEND_URL: this.backendUrl,
      PULUMI_CONFIG_PASSPHRASE: "voidvm-bench",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
      VOIDVM_TRANSPORT_STATS_FILE: this.statsFile,
    };
  }

  static async create(name: string, source: string, config: Record<string, string>, secrets: Record<string, string>): Promise<PulumiProject> {
    const dir = mkdtempSync(join(tmpdir(), `vvb-${name}-`));
    mkdirSync(join(dir, ".state"));
    installPackage(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    writeFileSync(join(dir, "index.ts"), source);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.ts" }));
    const compilerOptions = { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions }));
    const project = new PulumiProject(dir);
    await project.cli(["stack", "init", "bench"]);
    for (const [key, value] of Object.entries(config)) await project.cli(["config", "set", key, value]);
    for (const [key, value] of Object.entries(secrets)) await project.cli(["config", "set", "--secret", key], value);
    return project;
  }

  /** Runs `pulumi ARGS --non-interactive`; resolves with stdout, rejects on a non-zero exit. */
  cli(args: string[], stdin = ""): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`pulumi ${args.join(" ")} exited with ${code}\n${stdout}\n${stderr}`))));
      child.stdin.end(stdin);
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
