import { spawn, type ChildProcess } from "child_process";
import { createInterface } from "readline";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { httpGet } from "../../support/guest";
import { labCliFlags, VOIDVM_BIN } from "../../support/cli";
import { virsh } from "../../../provider/libvirt/virsh";
import { labHost, onLabHost, testName } from "../../support/lab";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

/** A running test guest for the metrics tests, with its address (the burn CGI is reached there). */
export async function metricsGuest(label: string): Promise<{ name: string; ip: string; outs: VmOutputs; remove: () => Promise<void> }> {
  const name = testName(`live-${label}`);
  const { outs } = await createVm(labVmInputs(name, { waitForIp: 120 }));
  const ip = outs.ipAddresses[0] ?? "";
  // On a 2-core machine shared with other tests' VMs, a burning vCPU gets far less than the 80 %
  // the tests look for: give this test's own VM 8 times the default CPU weight among the VMs.
  await virsh(labHost(), ["schedinfo", "--domain", name, "--live", "--set", "cpu_shares=8192"]);
  return { name, ip, outs, remove: () => deleteVm(outs).then(() => undefined) };
}

type MetricsGuest = Awaited<ReturnType<typeof metricsGuest>>;

/** A guest made before the suite's tests and removed after them; call the result inside a test. */
export function metricsGuestForSuite(label: string): () => MetricsGuest {
  let guest: MetricsGuest | undefined;
  before(async () => {
    await configureForLab();
    guest = await metricsGuest(label);
  });
  after(async () => {
    await guest?.remove();
    closeAllConnections();
  });
  return () => {
    if (!guest) throw new Error("the metrics guest was not made");
    return guest;
  };
}

/** Starts (seconds > 0) or stops (0) the guest's CPU burner: /cgi-bin/burn. */
export async function burn(ip: string, seconds: number): Promise<string> {
  return (await httpGet(`http://${ip}/cgi-bin/burn?seconds=${seconds}`)).trim();
}

/**
 * The lab user's processes on the lab host whose command line holds `text` (not QEMU: it runs as
 * libvirt-qemu), and every process of their sessions
 * (the sampler's awk and sleep do not name the VM). The pattern travels on stdin, so the look-up's
 * own command line does not match it.
 */
export async function remoteProcessesOf(text: string): Promise<string[]> {
  const script = `IFS= read -r pat
for pid in $(pgrep -u "$(id -u)" -f -- "$pat"); do ps -o sid= -p "$pid"; done | sort -u | while read -r sid; do
  [ -n "$sid" ] && ps -o pid=,args= -s "$sid" | cut -c1-160
done | sort -u`;
  const out = (await onLabHost(script, [], { stdin: `${text}\n` })).stdout;
  return out.split("\n").map((l) => l.trim()).filter(Boolean);
}

/** Waits (up to `timeoutMs`) until the lab host has no process of `text`'s sessions left; returns what is left. */
export async function remoteProcessesGone(text: string, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await remoteProcessesOf(text);
    if (!left.length || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A running `voidvm` command (the built CLI, flags for the lab host added), read line by line. */
export interface CliRun {
  child: ChildProcess;
  /** The next line of stdout; rejects when the command exits first. */
  nextLine(): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startCli(args: string[]): CliRun {
  const child = spawn("node", [VOIDVM_BIN, ...args, ...labCliFlags()], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  return {
    child,
    exited,
    nextLine: async () => {
      const next = await lines.next();
      if (next.done) throw new Error(`voidvm ${args.join(" ")} ended: ${JSON.stringify(await exited)}`);
      return next.value as string;
    },
  };
}
