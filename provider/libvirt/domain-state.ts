import type { RemoteHost } from "../transport/remote-host";
import { virsh } from "./virsh";
import { isMissingDomain } from "./missing-domain";

/** The states a user can ask for. `suspended` is a managed save to disk. */
export type DesiredState = "running" | "stopped" | "paused" | "suspended";

/** What the host reports, reduced to the states VoidVM speaks of. */
export type ObservedState = DesiredState | "crashed" | "transitional" | "absent";

/**
 * Reads the domain's state; `absent` when there is no such domain. A shut-off domain with a
 * managed-save image is `suspended`.
 */
export async function observeState(host: RemoteHost, name: string): Promise<ObservedState> {
  const result = await virsh(host, ["domstate", "--", name], { allowFailure: true });
  if (result.exitCode !== 0) {
    if (isMissingDomain(result.stderr)) return "absent";
    throw new Error(`Could not read the state of domain ${name}: ${result.stderr.trim()}`);
  }
  const state = result.stdout.trim();
  if (state !== "shut off") return stateFromVirsh(state, false);
  const info = await virsh(host, ["dominfo", "--", name]);
  return stateFromVirsh(state, /Managed save:\s+yes/.test(info.stdout));
}

/** A state as virsh words it (`domstate`, dominfo's State) in VoidVM's terms. */
export function stateFromVirsh(state: string, managedSave: boolean): ObservedState {
  if (state === "running" || state === "idle") return "running";
  if (state === "paused" || state === "pmsuspended") return "paused";
  if (state === "crashed") return "crashed";
  if (state === "shut off") return managedSave ? "suspended" : "stopped";
  return "transitional";
}

/** Running or paused: the domain has a live definition (hot-plug and live changes apply to it). */
export function isActive(state: ObservedState | undefined): boolean {
  return state === "running" || state === "paused";
}
