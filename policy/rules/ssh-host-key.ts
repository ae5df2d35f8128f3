import { z } from "zod/v4";
import { policySettings } from "../support/policy-settings";
import { label, type ResourceRule } from "../support/voidvm-policy";

const NAME = "ssh-host-key-verified";

const FIX =
  'remove insecureIgnoreHostKey and pin the host key instead: connection.hostKey "SHA256:..." ' +
  "(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host), voidvm:hostKey in stack config, or a known_hosts file";

/**
 * No resource may skip SSH host key verification: not through its own connection, its jump host,
 * or the stack's `voidvm:*` config that its connection falls back to (field by field, as the provider does).
 */
export const sshHostKeyVerified: ResourceRule<object> = {
  name: NAME,
  description: "Every SSH connection verifies the host key: no insecureIgnoreHostKey (resource, jump host or stack config).",
  enforcementLevel: "mandatory",
  kinds: ["VirtualMachine", "Disk", "NetworkInterface", "PortForward", "Snapshot", "SnapshotSchedule", "Image"],
  settings: policySettings(NAME, z.strictObject({})),
  violations: (resource, _settings, { stack }) => {
    const own = resource.props.connection ?? {};
    const found: string[] = [];
    if (own.insecureIgnoreHostKey === true) {
      found.push(`${label(resource)} sets connection.insecureIgnoreHostKey: true, so anyone between Pulumi and the host can pose as it; the policy allows no unverified host: ${FIX}.`);
    } else if (own.insecureIgnoreHostKey === undefined && stack.insecureIgnoreHostKey === true) {
      found.push(`${label(resource)} inherits voidvm:insecureIgnoreHostKey = true from stack config, so anyone between Pulumi and the host can pose as it; the policy allows no unverified host: ${FIX} (or pulumi config rm voidvm:insecureIgnoreHostKey).`);
    }
    const proxy = own.proxy ?? stack.proxy;
    if (proxy?.insecureIgnoreHostKey === true) {
      const where = own.proxy ? "connection.proxy.insecureIgnoreHostKey: true" : "voidvm:proxy (stack config) with insecureIgnoreHostKey: true";
      found.push(`${label(resource)} reaches its host through a jump host with ${where}, so the jump host is not verified; the policy allows no unverified host: ${FIX} (on the proxy's settings).`);
    }
    return found;
  },
};
