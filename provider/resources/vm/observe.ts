import { leaseAddresses } from "../../libvirt/addresses";
import { isActive, observeState } from "../../libvirt/domain-state";
import { virsh } from "../../libvirt/virsh";
import type { RemoteHost } from "../../transport/remote-host";
import { stripUndefined } from "../../values/strip-undefined";
import type { DomainSpec } from "../../xml/domain-spec";
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
  const inlineMacs = spec.interfaces.slice(0, desired.network.interfaces.length).map((nic) => nic.mac ?? "");
  const topology = spec.cpu.topology;
  const perCore = topology ? topology.threads * topology.sockets : 1;
  const active = isActive(observedState);
  const size = active
    ? settledMemory(await balloonMiB(host, desired.name, spec.memoryMiB), await configuredMemoryMiB(host, desired.name), spec.maxMemoryMiB)
    : spec.memoryMiB;
  const memory: VmInputs["memory"] = { ...desired.memory, size };
  if (desired.memory.maxSize !== undefined || spec.maxMemoryMiB !== spec.memoryMiB) memory.maxSize = spec.maxMemoryMiB;
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
    autostart,
    state: observedState === "running" || observedState === "stopped" || observedState === "paused" || observedState === "suspended" ? observedState : desired.state,
    observedState,
    uuid: spec.uuid ?? "",
    ipAddresses: leases.filter((l) => macAddresses.includes(l.mac)).map((l) => l.ip),
    macAddresses,
    inlineMacs,
    vncEndpoint: await vncEndpoint(host, desired.name, spec, observedState),
    domainXml: xml,
    rootVolume: extra.rootVolume,
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

/** The balloon's actual size (`dommemstat`): the live XML's currentMemory lags behind it. */
async function balloonMiB(host: RemoteHost, name: string, fallback: number): Promise<number> {
  const stats = (await virsh(host, ["dommemstat", "--", name], { allowFailure: true })).stdout;
  const actual = /^actual (\d+)$/m.exec(stats)?.[1];
  return actual ? Math.round(Number(actual) / 1024) : fallback;
}

async function configuredMemoryMiB(host: RemoteHost, name: string): Promise<number> {
  return (await parseDomainXml((await virsh(host, ["dumpxml", "--inactive", "--", name])).stdout)).memoryMiB;
}

/** The display the VNC server has now (`virsh vncdisplay`), when it runs. */
async function vncEndpoint(host: RemoteHost, name: string, spec: DomainSpec, state: string): Promise<VmOutputs["vncEndpoint"]> {
  if (!spec.graphics || (state !== "running" && state !== "paused")) return undefined;
  const display = (await virsh(host, ["vncdisplay", "--", name], { allowFailure: true })).stdout.trim();
  const match = /:(\d+)$/.exec(display);
  if (!match) return undefined;
  const number = Number(match[1]);
  return { host: spec.graphics.listen, port: 5900 + number, display: number };
}

