import type { ObservedState } from "../../libvirt/domain-state";
import type { VmInputs } from "./schema";

/**
 * The VirtualMachine's state as stored by Pulumi: the inputs as last observed on the host (so that
 * a drift shows as a diff against the program) plus what only the host knows.
 */
export interface VmOutputs extends VmInputs {
  uuid: string;
  state: VmInputs["state"];
  /** What the host reported at the last read, including states nobody asks for (crashed). */
  observedState: ObservedState;
  ipAddresses: string[];
  macAddresses: string[];
  domainXml: string;
  /** The root volume this VM created and owns; deleted with it. */
  rootVolume?: { pool: string; name: string };
}
