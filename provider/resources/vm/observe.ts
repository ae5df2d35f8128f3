import { leaseAddresses } from "../../libvirt/addresses";
import { observeState } from "../../libvirt/domain-state";
import { virsh } from "../../libvirt/virsh";
import type { RemoteHost } from "../../transport/remote-host";
import { parseDomainXml } from "../../xml/parse-domain";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";

export const IP_WAIT_SECONDS = 90;

/**
 * Reads a domain back from the host into the VirtualMachine's outputs. Properties that drift
 * outside Pulumi (state, memory, vCPUs, description, autostart) take the host's values; the rest
 * keep the desired values. Returns undefined when the domain is gone.
 */
export async function observeVm(
  host: RemoteHost,
  desired: VmInputs,
  extra: { rootVolume?: VmOutputs["rootVolume"]; ipWaitSeconds: number },
): Promise<VmOutputs | undefined> {
  const observedState = await observeState(host, desired.name);
  if (observedState === "absent") return undefined;
  const xml = (await virsh(host, ["dumpxml", "--", desired.name])).stdout;
  const spec = await parseDomainXml(xml);
  const info = (await virsh(host, ["dominfo", "--", desired.name])).stdout;
  const autostart = /Autostart:\s+enable/.test(info);
  const leases = observedState === "running" ? await leaseAddresses(host, desired.name, extra.ipWaitSeconds) : [];
  const macAddresses = spec.interfaces.map((nic) => nic.mac ?? "").filter(Boolean);
  const topology = spec.cpu.topology;
  const memory: VmInputs["memory"] = { ...desired.memory, size: spec.memoryMiB };
  if (desired.memory.maxSize !== undefined || spec.maxMemoryMiB !== spec.memoryMiB) memory.maxSize = spec.maxMemoryMiB;
  const outputs: VmOutputs = {
    ...desired,
    description: spec.description,
    memory,
    cpu: topology ? { ...desired.cpu, cores: topology.cores, threads: topology.threads, sockets: topology.sockets } : desired.cpu,
    autostart,
    state: observedState === "running" || observedState === "stopped" || observedState === "paused" || observedState === "suspended" ? observedState : desired.state,
    observedState,
    uuid: spec.uuid ?? "",
    ipAddresses: leases.filter((l) => macAddresses.includes(l.mac)).map((l) => l.ip),
    macAddresses,
    domainXml: xml,
    rootVolume: extra.rootVolume,
  };
  return stripUndefined(outputs);
}

/** Pulumi refuses `undefined` inside outputs. */
function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
