import { NotFoundError } from "../errors";
import type { RemoteHost } from "../transport/remote-host";
import { observeState, type DesiredState, type ObservedState } from "./domain-state";
import { virsh } from "./virsh";

/**
 * Graceful stop in one round trip (remote-scripts/graceful-stop.sh): ACPI shutdown, wait up to
 * `timeoutSeconds` for the guest to power off, then a forced stop.
 */
export async function gracefulStop(host: RemoteHost, name: string, timeoutSeconds: number): Promise<"graceful" | "forced" | "already"> {
  const result = await host.runRemoteScript("graceful-stop", [host.uri, name, String(timeoutSeconds)], {
    timeoutMs: (timeoutSeconds + 60) * 1000,
  });
  return (result.sections.get("stop") ?? "").trim() as "graceful" | "forced" | "already";
}

/**
 * Moves a domain from whatever state it is in to the desired one, along the paths libvirt
 * allows. Every path keeps data: a suspended (managed-saved) VM asked to stop is restored and
 * shut down gracefully rather than having its saved memory thrown away.
 */
export async function reconcileState(host: RemoteHost, name: string, desired: DesiredState, stopTimeout: number): Promise<void> {
  for (let step = 0; step < 4; step++) {
    const current = await observeState(host, name);
    if (current === desired) return;
    await stepTowards(host, name, current, desired, stopTimeout);
  }
  const final = await observeState(host, name);
  if (final !== desired) {
    throw new Error(`Domain ${name} is ${final} after reconciling; it should be ${desired}. Check 'virsh domstate' and the libvirt log on the host.`);
  }
}

async function stepTowards(host: RemoteHost, name: string, current: ObservedState, desired: DesiredState, stopTimeout: number): Promise<void> {
  switch (current) {
    case "absent":
      throw new NotFoundError(`Domain ${name} does not exist on ${host.label}; it may have been removed outside Pulumi (run pulumi refresh).`);
    case "crashed":
      await virsh(host, ["destroy", "--", name]);
      return;
    case "transitional":
      await new Promise((r) => setTimeout(r, 500));
      return;
    case "running":
      if (desired === "stopped") await gracefulStop(host, name, stopTimeout);
      else if (desired === "paused") await virsh(host, ["suspend", "--", name]);
      else if (desired === "suspended") await virsh(host, ["managedsave", "--running", "--", name], { timeoutMs: 600_000 });
      return;
    case "paused":
      if (desired === "suspended") await virsh(host, ["managedsave", "--running", "--", name], { timeoutMs: 600_000 });
      else await virsh(host, ["resume", "--", name]); // then running; a stop continues from there
      return;
    case "stopped":
      if (desired === "suspended") {
        throw new Error(`Domain ${name} is stopped, and only a running VM can be suspended (its memory is saved to disk). Set state "running" first, then "suspended".`);
      }
      await virsh(host, desired === "paused" ? ["start", "--paused", "--", name] : ["start", "--", name], { timeoutMs: 600_000 });
      return;
    case "suspended":
      // Restoring keeps the saved memory; `stopped` continues with a graceful stop from running.
      await virsh(host, desired === "paused" ? ["start", "--paused", "--", name] : ["start", "--", name], { timeoutMs: 600_000 });
      return;
  }
}
