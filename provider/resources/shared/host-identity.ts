import type { PartialConnectionSettings } from "../../transport/connection-schema";
import { stripUndefined } from "../../values/strip-undefined";

export interface HostIdentity {
  host?: string;
  port?: number;
  uri?: string;
}

/**
 * Which libvirt host (and hypervisor URI) a resource lives on. Another identity is another host,
 * so every resource replaces itself when it changes; credentials and other fields may change freely.
 */
export function hostIdentity(connection: PartialConnectionSettings | undefined): HostIdentity {
  return stripUndefined({ host: connection?.host, port: connection?.port, uri: connection?.uri });
}
