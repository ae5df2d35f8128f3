import type { RemoteHost } from "../transport/remote-host";
import type { ScriptOutput } from "../transport/script-output";
import type { InterfaceAddress } from "./addresses";
import { stateFromVirsh, type ObservedState } from "./domain-state";

/** Everything a VirtualMachine's outputs are read from, gathered by one remote script. */
export interface DomainObservation {
  state: Exclude<ObservedState, "absent">;
  autostart: boolean;
  /** The live definition (`dumpxml`). */
  xml: string;
  /** The persistent definition, read when the domain is active. */
  inactiveXml?: string;
  /** The balloon's actual size in KiB (`dommemstat`), when the domain is active. */
  balloonKiB?: number;
  leases: InterfaceAddress[];
}

/** Reads a domain in one round trip (remote-scripts/vm-observe.sh); undefined when it is gone. */
export async function observeDomain(host: RemoteHost, name: string): Promise<DomainObservation | undefined> {
  return domainObservation(await host.runRemoteScript("vm-observe", [host.uri, name]));
}

/** The sections printed by remote-scripts/lib/observe.sh; undefined for `absent`. */
export function domainObservation(output: ScriptOutput): DomainObservation | undefined {
  const { sections } = output;
  if (sections.has("absent")) return undefined;
  const info = sections.get("info") ?? "";
  const field = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, "m").exec(info)?.[1]?.trim() ?? "";
  const actual = /^actual (\d+)$/m.exec(sections.get("memstat") ?? "")?.[1];
  return {
    state: stateFromVirsh(field("State"), field("Managed save") === "yes") as DomainObservation["state"],
    autostart: field("Autostart") === "enable",
    xml: sections.get("xml") ?? "",
    inactiveXml: sections.get("inactive-xml") || undefined,
    balloonKiB: actual ? Number(actual) : undefined,
    leases: parseLeases(sections.get("leases") ?? ""),
  };
}

/** Lines of `MAC IP/PREFIX` (remote-scripts/lib/leases.sh). */
export function parseLeases(text: string): InterfaceAddress[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts): parts is [string, string] => parts.length === 2 && !!parts[0] && !!parts[1])
    .map(([mac, cidr]) => ({ mac: mac.toLowerCase(), ip: cidr.split("/")[0] ?? cidr }));
}
