import { observeDomain, type DomainObservation } from "../../libvirt/domain-observation";
import { isActive } from "../../libvirt/domain-state";
import type { RemoteHost } from "../../transport/remote-host";
import { stripUndefined } from "../../values/strip-undefined";
import { parseDomainXml, parseLiveVncPort } from "../../xml/parse-domain";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";

/** Reads a VM in one round trip; undefined when the domain is gone. Never waits for an address. */
export async function observeVm(host: RemoteHost, desired: VmInputs, rootVolume: VmOutputs["rootVolume"]): Promise<VmOutputs | undefined> {
  const observation = await observeDomain(host, desired.name);
  return observation && vmOutputs(desired, observation, rootVolume);
}

/**
 * A VirtualMachine's outputs from what the host reported. Properties that drift outside Pulumi
 * (state, memory, vCPUs, description, autostart) take the host's values; the rest keep the
 * desired values.
 */
export async function vmOutputs(desired: VmInputs, observed: DomainObservation, rootVolume: VmOutputs["rootVolume"]): Promise<VmOutputs> {
  const spec = await parseDomainXml(observed.xml);
  const macAddresses = spec.interfaces.map((nic) => nic.mac ?? "").filter(Boolean);
  const inlineMacs = spec.interfaces.slice(0, desired.network.interfaces.length).map((nic) => nic.mac ?? "");
  const topology = spec.cpu.topology;
  const perCore = topology ? topology.threads * topology.sockets : 1;
  const active = isActive(observed.state);
  const configuredMiB = observed.inactiveXml ? (await parseDomainXml(observed.inactiveXml)).memoryMiB : spec.memoryMiB;
  const balloonMiB = observed.balloonKiB !== undefined ? Math.round(observed.balloonKiB / 1024) : spec.memoryMiB;
  const size = active ? settledMemory(balloonMiB, configuredMiB, spec.maxMemoryMiB) : spec.memoryMiB;
  const memory: VmInputs["memory"] = { ...desired.memory, size };
  if (desired.memory.maxSize !== undefined || spec.maxMemoryMiB !== spec.memoryMiB) memory.maxSize = spec.maxMemoryMiB;
  const vncPort = spec.graphics && active ? await parseLiveVncPort(observed.xml) : undefined;
  const outputs: VmOutputs = {
    ...desired,
    description: spec.description,
    memory,
    cpu: topology
      ? {
          ...desired.cpu,
          cores: Math.round(spec.vcpu.current / perCore),
          maxCores: desired.cpu.maxCores !== undefined || topology.cores * perCore !== spec.vcpu.current ? topology.cores : undefined,
          threads: topology.threads,
          sockets: topology.sockets,
        }
      : desired.cpu,
    autostart: observed.autostart,
    state: observed.state === "crashed" || observed.state === "transitional" ? desired.state : observed.state,
    observedState: observed.state,
    uuid: spec.uuid ?? "",
    ipAddresses: observed.leases.filter((l) => macAddresses.includes(l.mac)).map((l) => l.ip),
    macAddresses,
    inlineMacs,
    vncEndpoint: spec.graphics && vncPort ? { host: spec.graphics.listen, port: vncPort, display: vncPort - 5900 } : undefined,
    domainXml: observed.xml,
    rootVolume,
  };
  return stripUndefined(outputs);
}

/**
 * A guest's balloon settles within a few MiB of its target, and takes a moment to get there: a
 * live size that close to the configured one counts as the configured size, so only a real
 * change (say, `virsh setmem --live` outside Pulumi) shows as drift. A guest without a balloon
 * driver stays at the maximum whatever the target: that counts as the configured size too.
 */
export function settledMemory(liveMiB: number, configuredMiB: number, maxMiB: number): number {
  if (liveMiB === maxMiB) return configuredMiB;
  return Math.abs(liveMiB - configuredMiB) <= Math.max(8, configuredMiB * 0.02) ? configuredMiB : liveMiB;
}
