import { spawn } from "child_process";

/**
 * Runs the command against the VM with VM_HOST, VM_PORT and VM_URL in its environment, its
 * output passed through. Resolves to its exit code; an abort ends it with SIGTERM.
 */
export function runCommand(command: string[], target: { host: string; port: number }, signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const env = { ...process.env, VM_HOST: target.host, VM_PORT: String(target.port), VM_URL: `http://${target.host}:${target.port}/` };
    const child = spawn(command[0]!, command.slice(1), { stdio: ["ignore", "inherit", "inherit"], env });
    const stop = () => child.kill("SIGTERM");
    signal.addEventListener("abort", stop, { once: true });
    child.on("error", (error) => {
      console.error(`[ci-ephemeral] could not run ${command[0]}: ${error.message}`);
      resolve(127);
    });
    child.on("close", (code, killedBy) => {
      signal.removeEventListener("abort", stop);
      resolve(code ?? (killedBy ? 128 : 1));
    });
  });
}
