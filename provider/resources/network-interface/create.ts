import { ConflictError, NotFoundError } from "../../errors";
import {
  addReservation,
  foreignReservation,
  modifyReservation,
  readNetwork,
  removeReservation,
  reservationOf,
  type NetworkState,
} from "../../libvirt/dhcp-reservations";
import { whoseObject } from "../../libvirt/owner-marks";
import { ownerOf } from "../../validation/sdk-keys";
import { isActive, observeState } from "../../libvirt/domain-state";
import { attachInterface, readDomainInterfaces } from "../../libvirt/interfaces";
import { remoteHost } from "../../config/resolve-connection";
import type { RemoteHost } from "../../transport/remote-host";
import type { NicSpec } from "../../xml/render-interface";
import { checkHostSupports } from "./host-checks";
import { observeNic } from "./observe";
import type { NicOutputs } from "./outputs";
import type { NicInputs } from "./schema";

/** Seconds to wait for a hot-plugged interface's first DHCP lease (the guest asks for it). */
export const LEASE_WAIT_SECONDS = 60;

/**
 * Reserves the fixed address (if any), then hot-plugs the interface into the running VM and
 * writes it into the VM's definition (only the definition when the VM is not running). A failed
 * create removes the reservation it made, so the host is left as it was. The reservation carries
 * this resource's owner mark: this resource's own (a killed create) is taken over, any other
 * reservation of the MAC or the address is refused.
 */
export async function createNic(inputs: NicInputs): Promise<{ id: string; outs: NicOutputs }> {
  const host = remoteHost(inputs.connection);
  const state = await observeState(host, inputs.vm);
  if (state === "absent") {
    throw new NotFoundError(`VM "${inputs.vm}" does not exist on ${host.label}, so no interface can be attached to it. Create the VM first (or check the vm name).`);
  }
  const running = isActive(state);
  const { live, config } = await readDomainInterfaces(host, inputs.vm, running);
  if ([...live, ...config].some((n) => n.mac === inputs.mac)) {
    // A generated MAC is this resource's own (a hash of its owner): a create whose `pulumi up`
    // was killed after the interface went in. Take it over; the next diff shows any difference.
    if (inputs.autoMac) return takeOver(host, inputs, running);
    throw new ConflictError(`VM "${inputs.vm}" already has an interface with MAC ${inputs.mac}. Give this NetworkInterface another mac (or leave mac out to get a generated one).`);
  }
  const network = inputs.type === "network" && inputs.source ? await readNetwork(host, inputs.source) : undefined;
  if (inputs.fixedIpAddress && network) refuseForeignReservation(host, inputs, network);
  const { openvswitch } = await checkHostSupports(host, inputs, network);

  let reserved = false;
  try {
    // A reservation of this MAC is now this resource's own leftover (a killed create): taken over.
    const leftover = network ? reservationOf(network, inputs.mac) : undefined;
    if (inputs.fixedIpAddress && network && leftover?.ip !== inputs.fixedIpAddress) {
      if (leftover) await modifyReservation(host, network, inputs.mac, inputs.fixedIpAddress, ownerOf(inputs));
      else await addReservation(host, network, inputs.mac, inputs.fixedIpAddress, ownerOf(inputs));
      reserved = !leftover;
    }
    await attachInterface(host, inputs.vm, nicSpec(inputs, openvswitch), running);
    const outs = await observeNic(host, inputs, { ipWaitSeconds: running ? LEASE_WAIT_SECONDS : 0 });
    if (!outs) throw new Error(`VM "${inputs.vm}" disappeared while its interface was being attached.`);
    return { id: inputs.mac, outs };
  } catch (error) {
    if (reserved && network) {
      const current = await readNetwork(host, network.name).catch(() => undefined);
      if (current) await removeReservation(host, current, inputs.mac).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * A DHCP host entry for this MAC that is not this resource's own (marked as another owner's, or
 * unmarked) is refused before anything changes; this resource's own is taken over by the create.
 */
function refuseForeignReservation(host: RemoteHost, inputs: NicInputs, network: NetworkState): void {
  const foreign = foreignReservation(network, inputs.mac, ownerOf(inputs));
  if (!foreign) return;
  throw new ConflictError(
    `libvirt network "${network.name}" on ${host.label} already has a DHCP host entry for MAC ${inputs.mac} (${foreign.ip}). ${whoseObject(foreign.owner)} ` +
      `Give this NetworkInterface another mac, or remove that entry (virsh net-update ${network.name} delete ip-dhcp-host "<host mac='${inputs.mac}'/>" --live --config). Nothing was changed.`,
  );
}

async function takeOver(host: RemoteHost, inputs: NicInputs, running: boolean): Promise<{ id: string; outs: NicOutputs }> {
  const outs = await observeNic(host, inputs, { ipWaitSeconds: running ? LEASE_WAIT_SECONDS : 0 });
  if (!outs) throw new NotFoundError(`VM "${inputs.vm}" disappeared while its interface was being taken over.`);
  return { id: inputs.mac, outs };
}

export function nicSpec(inputs: NicInputs, openvswitch: boolean): NicSpec {
  return {
    type: inputs.type,
    source: inputs.source,
    model: inputs.model,
    mac: inputs.mac,
    vlan: inputs.vlan,
    openvswitch: openvswitch || undefined,
    bandwidth: inputs.bandwidth,
  };
}
