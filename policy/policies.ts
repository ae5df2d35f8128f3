import type { Policies } from "@pulumi/policy";
import { adminPortsNotPublic } from "./rules/admin-port-forward";
import { hardwareBounds } from "./rules/hardware-bounds";
import { hostBudget } from "./rules/host-budget";
import { snapshotRetentionSet } from "./rules/snapshot-retention";
import { sshHostKeyVerified } from "./rules/ssh-host-key";
import { vmHasDescription } from "./rules/vm-description";
import { vncLoopbackOrPassword } from "./rules/vnc-exposure";
import { resourcePolicy, stackPolicy, type PolicyContext } from "./support/voidvm-policy";

/** Every policy of the VoidVM pack: security rules mandatory, hygiene advisory (docs/policy.md). */
export function voidvmPolicies(context: PolicyContext): Policies {
  return [
    resourcePolicy(hardwareBounds, context),
    resourcePolicy(sshHostKeyVerified, context),
    resourcePolicy(vncLoopbackOrPassword, context),
    resourcePolicy(adminPortsNotPublic, context),
    resourcePolicy(snapshotRetentionSet, context),
    resourcePolicy(vmHasDescription, context),
    stackPolicy(hostBudget, context),
  ];
}
