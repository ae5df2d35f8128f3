import { NotFoundError, RefusedError } from "../../errors";
import { networkLeases, reservationProblem, type NetworkState } from "../../libvirt/dhcp-reservations";
import type { RemoteHost } from "../../transport/remote-host";
import type { NicInputs } from "./schema";

/**
 * What the host must offer for this interface, checked before anything changes so that a refusal
 * leaves the host as it was. Returns whether the source is an Open vSwitch bridge.
 */
export async function checkHostSupports(host: RemoteHost, nic: NicInputs, network: NetworkState | undefined): Promise<{ openvswitch: boolean }> {
  if (nic.type === "network") {
    if (!network) {
      throw new NotFoundError(`There is no libvirt network "${nic.source ?? ""}" on ${host.label}. Create it (virsh net-define) or choose an existing one (virsh net-list --all).`);
    }
  }
  let openvswitch = false;
  if (nic.vlan !== undefined) {
    if (nic.type === "network") {
      if (network?.virtualport !== "openvswitch") {
        throw new Error(
          `VLAN tag ${nic.vlan} cannot be set on an interface of libvirt network "${nic.source ?? ""}": VLAN tags need an Open vSwitch bridge, ` +
            `and this network uses a plain Linux bridge${network?.bridge ? ` (${network.bridge})` : ""}. Use a network backed by Open vSwitch ` +
            `(<virtualport type='openvswitch'/>), or type "bridge" with an OVS bridge, or leave vlan out. Nothing was changed.`,
        );
      }
    } else if (nic.type === "bridge") {
      // `ip -d link` names the link kind (bridge, openvswitch) without root.
      const probe = await host.run(["ip", "-d", "-o", "link", "show", "dev", nic.source ?? ""], { allowFailure: true });
      if (probe.exitCode !== 0 || !/\bopenvswitch\b/.test(probe.stdout)) {
        const why =
          probe.exitCode !== 0
            ? `there is no device ${nic.source ?? ""} on the host`
            : `${nic.source ?? ""} is a ${/\bbridge\b/.test(probe.stdout) ? "Linux bridge" : "device"}, not an Open vSwitch bridge`;
        throw new RefusedError(`VLAN tag ${nic.vlan} needs an Open vSwitch bridge, but ${why}. Use an OVS bridge, or leave vlan out. Nothing was changed.`);
      }
      openvswitch = true;
    }
  }
  if (nic.fixedIpAddress && network) {
    const problem = reservationProblem(network, nic.mac, nic.fixedIpAddress, await networkLeases(host, network.name));
    if (problem) throw new Error(`${problem} Nothing was changed.`);
  }
  return { openvswitch };
}
