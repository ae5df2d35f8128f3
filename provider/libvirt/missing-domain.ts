/**
 * Whether virsh's stderr says the domain does not exist (libvirt words it two ways). The remote
 * scripts' counterpart is `is_missing_domain` in remote-scripts/lib/common.sh.
 */
export function isMissingDomain(stderr: string): boolean {
  return /failed to get domain|Domain not found/i.test(stderr);
}
