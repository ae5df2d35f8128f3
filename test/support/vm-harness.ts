import { configureProvider } from "../../provider/config/configure";
import { virsh } from "../../provider/libvirt/virsh";
import { checkVm } from "../../provider/resources/vm/check";
import type { VmInputs } from "../../provider/resources/vm/schema";
import { guestVmInputs, httpGet } from "./guest";
import { labConnection, labHost, labSettings } from "./lab";

/** Stack config as the lab's provider would see it (the pool). */
export function configureForLab(): Promise<void> {
  return configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) });
}

/** Validated VM inputs for the test guest on the lab, as check would produce them. */
export function labVmInputs(name: string, extra: Record<string, unknown> = {}): VmInputs {
  const outcome = checkVm({}, guestVmInputs(name, { connection: labConnection(), ...extra }));
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

export async function domstate(name: string): Promise<string> {
  const result = await virsh(labHost(), ["domstate", "--", name], { allowFailure: true });
  return result.exitCode === 0 ? result.stdout.trim() : "absent";
}

export async function hasManagedSave(name: string): Promise<boolean> {
  return /Managed save:\s+yes/.test((await virsh(labHost(), ["dominfo", "--", name])).stdout);
}

/** The guest's boot id: it changes only when the guest boots again. */
export async function bootId(ip: string, timeoutMs = 90_000): Promise<string> {
  return (await httpGet(`http://${ip}/cgi-bin/boot-id`, timeoutMs)).trim();
}
