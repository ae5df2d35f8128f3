// VoidVM in CI: a VM for one pipeline run, made and removed with Pulumi's Automation API.
//
//   node index.js -- COMMAND ARGS...
//
// 1. creates a stack with a unique name (a local file backend unless PULUMI_BACKEND_URL is set);
// 2. brings up a VM with a host port forwarded to the guest's port 80 (`pulumi up`, inline program);
// 3. waits until the guest answers HTTP through the forward;
// 4. runs COMMAND with VM_HOST, VM_PORT and VM_URL set (its exit code is the script's);
// 5. always destroys the stack and removes it: after success, failure, Ctrl-C or SIGTERM.
//
// Environment: VOIDVM_HOST, VOIDVM_HOST_KEY, VOIDVM_PRIVATE_KEY (or VOIDVM_PRIVATE_KEY_PATH),
// optional VOIDVM_PORT, VOIDVM_USER, VOIDVM_POOL, VOIDVM_SUDO; CI_VM_KERNEL, CI_VM_INITRD,
// CI_VM_NETWORK; optional CI_EPHEMERAL_HOST_PORT, CI_EPHEMERAL_PREFIX, CI_EPHEMERAL_READY_SECONDS.
// The Pulumi CLI must be on PATH. See README.md beside this file.
import { CommandError, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { Interruption } from "./interruption";
import { log } from "./log";
import { ephemeralProgram } from "./program";
import { runCommand } from "./run-command";
import { readSettings, SettingsError, type Settings } from "./settings";
import { waitForGuest } from "./wait-for-guest";
import { makeWorkDir, pulumiEnvironment } from "./workspace";

/** An error in a few lines: a failed Pulumi command's error repeats all its output, shown already. */
function briefly(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (!(error instanceof CommandError)) return message;
  return message.split("\n").filter((line) => line.trim()).slice(-5).join("\n");
}

/** Steps 2 to 4; resolves to the exit code the run should have. */
async function provisionAndTest(stack: Stack, settings: Settings, interruption: Interruption): Promise<number> {
  await stack.setAllConfig(settings.connection);
  if (interruption.signal) return interruption.exitCode;
  const operation = interruption.pulumiOperation();
  try {
    await stack.up({ onOutput: operation.onOutput, onError: operation.onError, signal: operation.signal });
  } finally {
    operation.done();
  }
  if (interruption.signal) return interruption.exitCode;
  const target = { host: settings.reachHost, port: settings.hostPort };
  log(`waiting up to ${settings.readySeconds} s for the guest to answer at http://${target.host}:${target.port}/`);
  if (!(await waitForGuest(`http://${target.host}:${target.port}/`, settings.readySeconds, interruption.aborted))) {
    if (interruption.signal) return interruption.exitCode;
    log(`the guest did not answer within ${settings.readySeconds} s (CI_EPHEMERAL_READY_SECONDS): see the VM's console on the host.`);
    return 1;
  }
  log(`the guest answers; running: ${settings.command.join(" ")}`);
  const code = await runCommand(settings.command, target, interruption.aborted);
  log(`the command exited with ${code}`);
  return interruption.signal ? interruption.exitCode : code;
}

const CLEANUP_ATTEMPTS = 3;
const CLEANUP_PAUSE_MS = 10_000;

/**
 * Step 5: destroy, then remove the stack, tried a few times (a host that hiccups, e.g. a libvirtd
 * restarting, should not leave a VM behind). If it still fails, the stack is kept and the way to
 * finish is printed.
 */
async function cleanUp(stack: Stack, settings: Settings): Promise<boolean> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= CLEANUP_ATTEMPTS; attempt++) {
    log(`destroying stack ${settings.stackName}${attempt > 1 ? ` (attempt ${attempt} of ${CLEANUP_ATTEMPTS})` : ""}`);
    try {
      await stack.destroy({ onOutput: (text) => process.stdout.write(text), onError: (text) => process.stderr.write(text) });
      await stack.workspace.removeStack(settings.stackName);
      log(`stack ${settings.stackName} destroyed and removed`);
      return true;
    } catch (error) {
      lastError = error;
      if (attempt < CLEANUP_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, CLEANUP_PAUSE_MS));
    }
  }
  log(
    `cleanup of stack ${settings.stackName} failed: ${briefly(lastError)}\n` +
      `The stack is kept so that the VM can still be removed: with the same PULUMI_BACKEND_URL, run\n` +
      `  pulumi destroy --stack ${settings.stackName} --yes && pulumi stack rm ${settings.stackName} --yes`,
  );
  return false;
}

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = readSettings(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof SettingsError) {
      log(error.message);
      return 2;
    }
    throw error;
  }
  const interruption = new Interruption();
  interruption.install();
  pulumiEnvironment(process.env);
  const workDir = makeWorkDir();
  try {
    const stack = await LocalWorkspace.createStack(
      { stackName: settings.stackName, projectName: settings.projectName, program: ephemeralProgram(settings) },
      { workDir: workDir.dir, projectSettings: { name: settings.projectName, runtime: "nodejs" } },
    );
    log(`stack ${settings.stackName} created`);
    let code: number;
    try {
      code = await provisionAndTest(stack, settings, interruption);
    } catch (error) {
      log(`the run failed: ${briefly(error)}`);
      code = interruption.signal ? interruption.exitCode : 1;
    }
    const cleaned = await cleanUp(stack, settings);
    // A run whose VM could not be removed fails, even when its command passed.
    return !cleaned && code === 0 ? 1 : code;
  } finally {
    workDir.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    log(`unexpected error: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
