import type { PartialConnectionSettings } from "../transport/connection-schema";

/**
 * Stack-config defaults for every resource's connection (`voidvm:host`, `voidvm:privateKey`, ...),
 * set by the dynamic provider's `configure`. A resource's own `connection` overrides them field
 * by field.
 */
let defaults: PartialConnectionSettings = {};

const STRING_KEYS = [
  "host", "user", "privateKey", "privateKeyPath", "privateKeyPassword", "password",
  "agentSocketPath", "hostKey", "knownHostsPath", "uri",
] as const;
const NUMBER_KEYS = ["port", "dialErrorLimit", "perDialTimeout", "maxChannels", "maxConnections"] as const;
const BOOLEAN_KEYS = ["insecureIgnoreHostKey", "sudo"] as const;

export interface ConfigReader {
  get(key: string): string | undefined;
}

export function loadConnectionDefaults(config: ConfigReader): void {
  const next: Record<string, unknown> = {};
  for (const key of STRING_KEYS) {
    const value = config.get(`voidvm:${key}`);
    if (value !== undefined && value !== "") next[key] = value;
  }
  for (const key of NUMBER_KEYS) {
    const value = config.get(`voidvm:${key}`);
    if (value !== undefined && value !== "") next[key] = Number(value);
  }
  for (const key of BOOLEAN_KEYS) {
    const value = config.get(`voidvm:${key}`);
    if (value !== undefined && value !== "") next[key] = value === "true";
  }
  const proxy = config.get("voidvm:proxy");
  if (proxy) next.proxy = JSON.parse(proxy);
  defaults = next as PartialConnectionSettings;
}

export function connectionDefaults(): PartialConnectionSettings {
  return defaults;
}
