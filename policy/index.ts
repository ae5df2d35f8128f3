/**
 * The VoidVM policy pack. Run it with
 *   pulumi preview --policy-pack node_modules/@voidvm/pulumi/policy [--policy-pack-config policy.json]
 * (this folder's PulumiPolicy.yaml and package.json ship in the package; package.json's main is
 * this file compiled, dist/policy/index.js). See docs/policy.md.
 */
import { PolicyPack } from "@pulumi/policy";
import { voidvmPolicies } from "./policies";
import { stackConnectionDefaults } from "./support/stack-connection";

new PolicyPack("voidvm", {
  description: "VoidVM guardrails: hardware bounds, SSH host keys, VNC and admin-port exposure, snapshot retention, VM descriptions, host budgets.",
  policies: voidvmPolicies({ stack: stackConnectionDefaults() }),
});
