import { execFileSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { REPO_ROOT } from "./lab";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the lab's libvirtd (running guests carry on without it), waits `downMs`, and starts it
 * again the way host:up does (scripts/lab/start-libvirtd.sh); resolves once it answers.
 */
export async function restartLibvirtd(downMs = 0): Promise<void> {
  const pidFile = "/run/libvirtd.pid";
  const pid = Number((existsSync(pidFile) ? readFileSync(pidFile, "utf8") : execFileSync("pgrep", ["-x", "libvirtd"], { encoding: "utf8" })).trim().split("\n")[0]);
  if (!pid) throw new Error("libvirtd does not run: npm run host:up");
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`libvirtd (pid ${pid}) did not stop within 10 s`);
  await sleep(downMs);
  execFileSync("bash", [join(REPO_ROOT, "scripts", "lab", "start-libvirtd.sh")]);
  for (let i = 0; i < 120; i++) {
    try {
      execFileSync("virsh", ["-c", "qemu:///system", "version"], { stdio: "ignore" });
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error("libvirtd did not answer again within 24 s");
}
