import { poolKey } from "../transport/connection-pool";
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

/** How long a read waits for more reads of the same host to share its round trip. */
const BATCH_WINDOW_MS = 10;
/** The most domains one round trip reads. */
const MAX_BATCH = 32;

interface PendingRead {
  name: string;
  resolve: (observation: DomainObservation | undefined) => void;
  reject: (error: unknown) => void;
}

interface ReadBatch {
  host: RemoteHost;
  reads: PendingRead[];
  timer?: NodeJS.Timeout;
}

const open = new Map<string, ReadBatch>();

/**
 * Reads a domain (remote-scripts/vm-observe.sh); undefined when it is gone. Reads of one host
 * asked for within BATCH_WINDOW_MS of each other share one round trip and one virsh process:
 * `pulumi refresh` asks for up to --parallel reads at once. A failed round trip fails each of
 * its reads with the same error.
 */
export function observeDomain(host: RemoteHost, name: string): Promise<DomainObservation | undefined> {
  return new Promise((resolve, reject) => {
    // Only reads over the very same connection settings (user and credentials too) share a round trip.
    const key = poolKey(host.settings);
    let batch = open.get(key);
    if (!batch) {
      const started: ReadBatch = { host, reads: [] };
      started.timer = setTimeout(() => runBatch(key, started), BATCH_WINDOW_MS);
      open.set(key, started);
      batch = started;
    }
    batch.reads.push({ name, resolve, reject });
    if (batch.reads.length >= MAX_BATCH) runBatch(key, batch);
  });
}

function runBatch(key: string, batch: ReadBatch): void {
  clearTimeout(batch.timer);
  if (open.get(key) === batch) open.delete(key);
  const { host, reads } = batch;
  host.runRemoteScript("vm-observe", [host.uri, ...reads.map((read) => read.name)]).then(
    (output) => reads.forEach((read, i) => read.resolve(domainObservation(sectionsOfDomain(output, i + 1)))),
    (error: unknown) => reads.forEach((read) => read.reject(error)),
  );
}

/** The sections vm-observe.sh printed for its N-th domain (`dN-info` ...), named without the prefix. */
function sectionsOfDomain(output: ScriptOutput, n: number): ScriptOutput {
  const prefix = `d${n}-`;
  const sections = new Map([...output.sections].filter(([name]) => name.startsWith(prefix)).map(([name, text]) => [name.slice(prefix.length), text]));
  return { sections };
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
