import { execFileSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import { createServer, type Server } from "http";
import type { AddressInfo } from "net";
import { checkAlertRule } from "../../provider/resources/alert-rule/check";
import type { AlertRuleInputs } from "../../provider/resources/alert-rule/schema";
import { checkMonitoring } from "../../provider/resources/monitoring/check";
import type { MonitoringInputs } from "../../provider/resources/monitoring/schema";
import { COLLECTOR_PATHS } from "../../provider/metrics/collector-files";
import { labConnection, labHost, labSettings, onLabHost } from "./lab";
import { labVmInputs } from "./vm-harness";

export function monitoringInputs(raw: Record<string, unknown>): MonitoringInputs {
  const outcome = checkMonitoring({}, { connection: labConnection(), ...raw });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  // The SDK's owner stays in the inputs (as defineProvider's check keeps it).
  return { ...outcome.inputs, ...(raw.owner ? { owner: raw.owner } : {}) };
}

export function alertRuleInputs(raw: Record<string, unknown>): AlertRuleInputs {
  const outcome = checkAlertRule({}, { connection: labConnection(), ...raw });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

/**
 * A VM that keeps its vCPU busy without help from the guest: the test kernel, told to run an
 * init that does not exist, panics, and a panicking kernel with panic=0 spins in a busy-wait
 * loop for ever (100 % of its vCPU under TCG, as far as the host gives it the time).
 */
export function spinningVmInputs(name: string) {
  const lab = labSettings();
  return labVmInputs(name, {
    os: { kernel: lab.guest.kernel, initrd: lab.guest.initrd, cmdline: "console=ttyS0 rdinit=/vvt-spin init=/vvt-spin panic=0" },
    waitForIp: undefined,
  });
}

/** A local webhook receiver (this machine is the lab host): every POST's path and JSON body. */
export async function webhookReceiver(): Promise<{ url: (path: string) => string; posts: Array<{ path: string; body: Record<string, unknown> }>; close: () => Promise<void> }> {
  const posts: Array<{ path: string; body: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      if (req.method === "POST") posts.push({ path: req.url ?? "", body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: (path) => `http://127.0.0.1:${port}${path}`, posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Waits (polling every second) until `probe` returns a value, or fails saying what was awaited. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Gives the test VM's QEMU as much of the CPU as the machine allows: the largest libvirt CPU
 * weight (`virsh schedinfo --live cpu_shares`, against other VMs) and nice -10 for its threads
 * (against other processes). This machine is the lab host and the test made the VM; on 2 cores
 * shared with other tests a spinning vCPU otherwise gets far less than the 80 % the alert test
 * needs. (Real-time priority is not permitted in this container.)
 */
export async function prioritise(vm: string): Promise<void> {
  await labHost().run(["virsh", "-c", labSettings().uri, "schedinfo", vm, "--live", "cpu_shares=262144"]);
  const pid = readFileSync(`/run/libvirt/qemu/${vm}.pid`, "utf8").trim();
  for (const task of readdirSync(`/proc/${pid}/task`)) execFileSync("renice", ["-n", "-10", "-p", task], { stdio: "ignore" });
}

/** What of the collector is on the lab host: processes, files, directories, rule files (empty when nothing). */
export async function collectorLeftovers(): Promise<string[]> {
  const script = `
    ps -eo args= | grep -F 'collector.sh' | grep -v grep | sed 's/^/process: /'
    for p in "$@"; do [ -e "$p" ] && echo "path: $p"; done
    ls /etc/voidvm 2>/dev/null | grep -E '^alert-' | sed 's/^/rule file: /'
    exit 0`;
  const p = COLLECTOR_PATHS;
  return (await onLabHost(script, [p.script, p.config, p.cron, p.historyDir, p.stateDir, p.log, p.pidfile])).stdout.split("\n").filter(Boolean);
}
