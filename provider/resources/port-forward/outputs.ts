import type { ForwardRule } from "../../nft/forward-rules";
import type { PortForwardInputs } from "./schema";

/** The PortForward as stored by Pulumi: its rules as the host has them, and where they point. */
export interface PortForwardOutputs extends PortForwardInputs {
  /** Tags this forward's rules on the host: `comment "voidvm:<forwardId>"`. */
  forwardId: string;
  /** The rules found on the host (complete ones only); a missing rule shows as a diff. */
  rules: ForwardRule[];
  /** The guest address the rules on the host send to. */
  forwardedTo?: string;
  /** The guest's address found at the last apply or refresh (reservation, lease, or guestIp). */
  guestAddress?: string;
}
