import { readNetwork, removeReservation } from "../../libvirt/dhcp-reservations";
import { isActive, observeState } from "../../libvirt/domain-state";
import { detachInterface, readDomainInterfaces } from "../../libvirt/interfaces";
import { remoteHost } from "../../config/resolve-connection";
import type { NicOutputs } from "./outputs";

/** Hot-unplugs the interface (waiting until the guest released it), then drops its reservation. */
export async function deleteNic(props: NicOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const state = await observeState(host, props.vm);
  if (state !== "absent") {
    const running = isActive(state);
    const { live, config } = await readDomainInterfaces(host, props.vm, running);
    await detachInterface(host, props.vm, { type: props.type, mac: props.mac }, {
      live: live.some((n) => n.mac === props.mac),
      config: config.some((n) => n.mac === props.mac),
    });
  }
  if (props.type === "network" && props.source && props.fixedIpAddress !== undefined) {
    const network = await readNetwork(host, props.source);
    if (network) await removeReservation(host, network, props.mac);
  }
}
