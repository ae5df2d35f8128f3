import { strict as assert } from "assert";
import { spawn } from "child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { runCommand } from "../support/fresh-clone";
import { freeHostPort } from "../support/free-port";
import { labHost, labSettings, onLabHost, REPO_ROOT } from "../support/lab";
import { ensureInstalledModules, ensurePulumiBin } from "../support/pulumi-program";

const EXAMPLE = join(REPO_ROOT, "examples", "ci-ephemeral");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  stackName: string;
}

describe("examples/ci-ephemeral: a VM for one CI run with the Automation API, always destroyed", function () {
  this.timeout(900_000);
  const prefix = `vvt-ci-${process.pid}`;
  let project = "";

  before(() => {
    // The example as a user's CI job has it: its own files, compiled with tsc, the packed package installed.
    project = mkdtempSync(join(tmpdir(), "vv-e2e-ci-ephemeral-"));
    for (const file of readdirSync(EXAMPLE)) {
      if (file.endsWith(".ts") || file === "tsconfig.json" || file === "package.json") copyFileSync(join(EXAMPLE, file), join(project, file));
    }
    symlinkSync(ensureInstalledModules(), join(project, "node_modules"));
    runCommand(join(project, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], project);
    mkdirSync(join(project, ".state"));
  });

  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
    closeAllConnections();
  });

  /**
   * Runs `node index.js -- COMMAND...` against the lab in a process group of its own; `interrupt`
   * signals it once its output matches: the script alone, or its whole process group (the script
   * and the Pulumi CLI it runs), as Ctrl-C in a terminal does.
   */
  async function runScript(command: string[], interrupt?: { when: RegExp; signal: NodeJS.Signals; wholeGroup?: boolean }): Promise<Run> {
    const lab = labSettings();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${ensurePulumiBin()}:${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${join(project, ".state")}`,
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
      VOIDVM_HOST: lab.host,
      VOIDVM_PORT: String(lab.port),
      VOIDVM_USER: lab.user,
      VOIDVM_HOST_KEY: lab.hostKey,
      VOIDVM_PRIVATE_KEY_PATH: lab.privateKeyPath,
      VOIDVM_POOL: lab.pool,
      CI_VM_KERNEL: lab.guest.kernel,
      CI_VM_INITRD: lab.guest.initrd,
      CI_VM_NETWORK: lab.network,
      CI_EPHEMERAL_HOST_PORT: String(await freeHostPort()),
      CI_EPHEMERAL_PREFIX: prefix,
    };
    delete env.PULUMI_CONFIG_PASSPHRASE; // the script makes one for its throwaway stack
    return new Promise((resolve, reject) => {
      const child = spawn("node", ["index.js", "--", ...command], { cwd: project, env, detached: true });
      let output = "";
      let signalled = false;
      const onData = (data: Buffer) => {
        output += data.toString();
        if (interrupt && !signalled && interrupt.when.test(output)) {
          signalled = true;
          if (interrupt.wholeGroup) process.kill(-child.pid!, interrupt.signal);
          else child.kill(interrupt.signal);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        const stackName = /stack (\S+) created/.exec(output)?.[1] ?? "";
        resolve({ code, signal, output, stackName });
      });
    });
  }

  /** Nothing of the run is left: no domain, no forward rule, no stack in the backend. */
  async function assertNothingLeft(run: Run): Promise<void> {
    assert.ok(run.stackName.startsWith(`${prefix}-`), `the script names its stack: ${run.output}`);
    assert.match(run.output, new RegExp(`stack ${run.stackName} destroyed and removed`), run.output);
    const domains = (await virsh(labHost(), ["list", "--all", "--name"])).stdout.split("\n").map((name) => name.trim());
    assert.ok(!domains.includes(run.stackName), `the run's domain ${run.stackName} is still on the host:\n${run.output}`);
    const port = /at http:\/\/[^:]+:(\d+)\//.exec(run.output)?.[1];
    if (port) {
      const rules = (await onLabHost("sudo -n nft list table ip voidvm 2>/dev/null || true")).stdout;
      assert.doesNotMatch(rules, new RegExp(`dport ${port}\\b`), "the forward's rule is still on the host");
    }
    const stacks = join(project, ".state", ".pulumi", "stacks", "voidvm-ci-ephemeral");
    const left = existsSync(stacks) ? readdirSync(stacks).filter((file) => file.startsWith(run.stackName) && file.endsWith(".json")) : [];
    assert.deepEqual(left, [], "the stack is still in the backend");
  }

  it("brings the VM up, waits for the guest, runs the command against it through the forward, and removes everything", async () => {
    const run = await runScript(["sh", "-c", 'curl -fsS "$VM_URL" | grep "voidvm test guest"']);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /the guest answers; running: sh -c/);
    assert.match(run.output, /voidvm test guest/, "the command's own output is passed through");
    await assertNothingLeft(run);
  });

  it("a failing command fails the run with its exit code, and the stack is still destroyed and removed", async () => {
    const run = await runScript(["sh", "-c", 'curl -fsS "$VM_URL" >/dev/null && exit 7']);
    assert.equal(run.code, 7, run.output);
    assert.match(run.output, /the command exited with 7/);
    await assertNothingLeft(run);
  });

  /** A signal during `pulumi up`: the VM being made is finished (not left half-made), then deleted. */
  async function assertInterruptedUp(run: Run, signal: "SIGINT" | "SIGTERM", code: number): Promise<void> {
    assert.equal(run.code, code, run.output);
    assert.match(run.output, new RegExp(`${signal} received: stopping, then destroying the stack`));
    assert.doesNotMatch(run.output, /the guest answers/, "the run stopped before the command");
    assert.equal(run.output.match(/received; cancelling/g)?.length, 1, `the Pulumi CLI was told to cancel exactly once:\n${run.output}`);
    assert.doesNotMatch(run.output, /received; terminating/, "a second signal made the CLI terminate at once");
    assert.match(run.output, /VirtualMachine ci created/, run.output);
    assert.match(run.output, /VirtualMachine ci deleted/, run.output);
    await assertNothingLeft(run);
  }

  it("Ctrl-C in a terminal (SIGINT to the script and the Pulumi CLI) during pulumi up cancels it once, gracefully, then destroys and removes the stack", async () => {
    const run = await runScript(["sh", "-c", "exit 0"], { when: /VirtualMachine ci creating/, signal: "SIGINT", wholeGroup: true });
    await assertInterruptedUp(run, "SIGINT", 130);
  });

  it("SIGTERM to the script alone during pulumi up is passed on to the Pulumi CLI, then the stack is destroyed and removed", async () => {
    const run = await runScript(["sh", "-c", "exit 0"], { when: /VirtualMachine ci creating/, signal: "SIGTERM" });
    await assertInterruptedUp(run, "SIGTERM", 143);
  });

  it("SIGTERM (a cancelled CI job) while the command runs ends the command, then destroys and removes the stack", async () => {
    const run = await runScript(["sh", "-c", "echo command-started; exec sleep 600"], { when: /command-started/, signal: "SIGTERM" });
    assert.equal(run.code, 143, run.output);
    assert.match(run.output, /SIGTERM received: stopping, then destroying the stack/);
    assert.match(run.output, /VirtualMachine ci deleted/, run.output);
    await assertNothingLeft(run);
  });

  it("refuses to start without the settings it needs, naming the variable", async () => {
    const child = runCommand("node", ["index.js", "--", "true"], project, { env: { PATH: process.env.PATH }, allowFailure: true });
    assert.equal(child.code, 2);
    assert.match(child.output, /VOIDVM_PRIVATE_KEY nor VOIDVM_PRIVATE_KEY_PATH is set|VOIDVM_HOST is not set/);
  });
});
