import { stripUndefined } from "../values/strip-undefined";
import { connectionDefaults } from "./connection-defaults";
import { connectionSchema, type ConnectionSettings, type PartialConnectionSettings } from "../transport/connection-schema";
import { RemoteHost } from "../transport/remote-host";

/** A resource's connection, with stack config (`voidvm:*`) filling every field it leaves out. */
export function resolveConnection(own: PartialConnectionSettings | undefined): ConnectionSettings {
  const merged = { ...connectionDefaults(), ...stripUndefined(own ?? {}) };
  const parsed = connectionSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${["connection", ...i.path].join(".")}: ${i.message}`);
    throw new Error(
      `The connection to the libvirt host is incomplete: ${problems.join("; ")}. ` +
        `Set it on the resource (connection: {...}) or in stack config (pulumi config set voidvm:host ...).`,
    );
  }
  return parsed.data;
}

export function remoteHost(own: PartialConnectionSettings | undefined): RemoteHost {
  return new RemoteHost(resolveConnection(own));
}
