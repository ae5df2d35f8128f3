import { NotFoundError } from "../../errors";
import { sameValue } from "../../values/same-value";
import { addReservation, modifyReservation, readNetwork, removeReservation, reservationOf } from "../../libvirt/dhcp-reservations";
import { isActive, observeState } from "../../libvirt/domain-state";
import { attachInterface, readDomainInterfaces, setInterfaceBandwidth } from "../../libvirt/interfaces";
import { remoteHost } from "../../config/resolve-connection";
import { LEASE_WAIT_SECONDS, nicSpec } from "./create";
import { checkHostSupports } from "./host-checks";
import { observeNic } from "./observe";
import type { NicOutputs } from "./outputs";
import type { NicInputs } from "./schema";
import { ownerOf } from "../../validation/sdk-keys";

/**
 * The live changes (diff sent everything else to a replacement): the fixed address, bandwidth,
 * and attaching the interface again where it is missing (a replaced VM, or removed by hand).
 */
export async function updateNic(olds: NicOutputs, news: NicInputs): Promise<NicOutputs> {
  const host = remoteHost(news.connection);
  const state = await observeState(host, news.vm);
  if (state === "absent") throw new NotFoundError(`VM "${news.vm}" does not exist on ${host.label}; its interface cannot be updated. Run pulumi refresh.`);
  const running = isActive(state);
  const network = news.type === "network" && news.source ? await readNetwork(host, news.source) : undefined;
  const { live, config } = await readDomainInterfaces(host, news.vm, running);
  const inConfig = config.some((n) => n.mac === news.mac);
  const inLive = live.some((n) => n.mac === news.mac);
  const { openvswitch } = await checkHostSupports(host, { ...news, fixedIpAddress: fixedIpChanged(olds, news) ? news.fixedIpAddress : undefined }, network);

  if (network && fixedIpChanged(olds, news)) {
    const current = reservationOf(network, news.mac);
    if (news.fixedIpAddress && current) await modifyReservation(host, network, news.mac, news.fixedIpAddress, ownerOf(news));
    else if (news.fixedIpAddress) await addReservation(host, network, news.mac, news.fixedIpAddress, ownerOf(news));
    else await removeReservation(host, network, news.mac);
  }
  if (!inConfig || (running && !inLive)) {
    const spec = nicSpec(news, openvswitch);
    if (!inConfig && (!running || !inLive)) await attachInterface(host, news.vm, spec, running);
    else if (!inConfig) await attachConfigOnly(host, news.vm, spec);
    else await attachLiveOnly(host, news.vm, spec);
  } else if (!sameValue(olds.bandwidth, news.bandwidth)) {
    await setInterfaceBandwidth(host, news.vm, news.mac, news.bandwidth, running);
  }
  const outs = await observeNic(host, news, { ipWaitSeconds: running && !inLive ? LEASE_WAIT_SECONDS : 0 });
  if (!outs) throw new Error(`VM "${news.vm}" disappeared during the update; run pulumi refresh.`);
  return outs;
}

function fixedIpChanged(olds: NicOutputs, news: NicInputs): boolean {
  return olds.fixedIpAddress !== news.fixedIpAddress;
}

async function attachConfigOnly(host: ReturnType<typeof remoteHost>, vm: string, spec: ReturnType<typeof nicSpec>): Promise<void> {
  await attachInterface(host, vm, spec, false);
}

async function attachLiveOnly(host: ReturnType<typeof remoteHost>, vm: string, spec: ReturnType<typeof nicSpec>): Promise<void> {
  await attachInterface(host, vm, spec, true, { config: false });
}
