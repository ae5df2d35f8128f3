/**
 * Owner marks: what tells a host object as this stack's (the owner, project/stack/kind/name, from
 * the SDK). Domains carry it in their metadata and schedule files in an `owner=` line; volumes and
 * DHCP host entries, which libvirt keeps no metadata for, in the host's owner registry
 * (remote-scripts/lib/owner-mark.sh); snapshots in their description's tag (xml/snapshot-marker.ts).
 */

/** The owner as one line of a host file or a script argument (empty when there is none). */
export function markOwner(owner: string | undefined): string {
  return (owner ?? "").replace(/[\r\n\0]+/g, " ");
}

/** Pure: how a refusal names an existing object's owner: another VoidVM resource, or none. */
export function whoseObject(owner: string | undefined): string {
  return owner ? `It belongs to another VoidVM resource (${owner}).` : "It carries no VoidVM owner mark.";
}
