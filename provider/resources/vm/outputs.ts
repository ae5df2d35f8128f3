import type { ObservedState } from "../../libvirt/domain-state";
import type { VmInputs } from "./schema";

/**
 * The VirtualMachine's state as stored by Pulumi: the inputs as last observed on the host (so that
 * a drift shows as a diff against the program) plus what only the host knows.
 */
export interface VmOutputs extends VmInputs {
  /** The domain's uuid: a replaced VM has a new one. */
  uuid: string;
  /** The state the host reported at the last read. */
  state: VmInputs["state"];
  /** What the host reported at the last read, including states nobody asks for (crashed). */
  observedState: ObservedState;
  /** IPv4 addresses from the DHCP leases of the VM's networks. */
  ipAddresses: string[];
  /** Every NIC's MAC, including NetworkInterface resources'. */
  macAddresses: string[];
  /** MACs of the inline interfaces, in order: kept when the VM is redefined. */
  inlineMacs: string[];
  /** Where the VNC console listens (reach it through an SSH tunnel), when VNC is on and the VM runs. */
  vncEndpoint?: { host: string; port: number; display: number };
  /** The domain's definition as libvirt holds it. */
  domainXml: string;
  /** The root volume this VM created and owns; deleted with it. */
  rootVolume?: { pool: string; name: string };
  /** The cloud-init seed volume this VM created and owns; deleted with it. */
  seedVolume?: { pool: string; name: string };
}
