import { stripUndefined } from "../../values/strip-undefined";
import { isActive, observeState } from "../../libvirt/domain-state";
import { readNetwork, reservationOf, waitForLease } from "../../libvirt/dhcp-reservations";
import { readDomainInterfaces } from "../../libvirt/interfaces";
import type { RemoteHost } from "../../transport/remote-host";
import type { NicOutputs } from "./outputs";
import type { NicInputs } from "./schema";

/**
 * The interface as the host has it now, or undefined when its VM is gone. Properties that can
 * drift (model, source, VLAN, bandwidth, the reservation) take the host's values.
 */
export async function observeNic(host: RemoteHost, desired: NicInputs, options: { ipWaitSeconds: number }): Promise<NicOutputs | undefined> {
  const state = await observeState(host, desired.vm);
  if (state === "absent") return undefined;
  const running = isActive(state);
  const { live, config } = await readDomainInterfaces(host, desired.vm, running);
  const mac = desired.mac.toLowerCase();
  const inConfig = config.find((n) => n.mac === mac);
  const inLive = live.find((n) => n.mac === mac);
  const seen = (running ? inLive : undefined) ?? inConfig;

  let reserved: string | undefined;
  let leased: string | undefined;
  if (desired.type === "network" && desired.source) {
    const network = await readNetwork(host, desired.source);
    reserved = network ? reservationOf(network, mac)?.ip : undefined;
    if (running && inLive && network?.active) leased = await waitForLease(host, desired.source, mac, options.ipWaitSeconds);
  }
  const outputs: NicOutputs = {
    ...desired,
    mac,
    type: seen?.type ?? desired.type,
    source: seen ? seen.source : desired.source,
    model: seen?.model ?? desired.model,
    vlan: seen ? seen.vlan : desired.vlan,
    bandwidth: seen ? seen.bandwidth : desired.bandwidth,
    // Only a reservation this resource asked for is its own: someone else's is not drift.
    fixedIpAddress: desired.fixedIpAddress !== undefined ? reserved : undefined,
    attached: inConfig !== undefined && (!running || inLive !== undefined),
    ipAddress: reserved ?? leased,
    targetDevice: inLive?.targetDevice,
  };
  return stripUndefined(outputs);
}
