import * as pulumi from "@pulumi/pulumi";
import { connectionDefaults, loadConnectionDefaults } from "../../provider/config/connection-defaults";
import type { PartialConnectionSettings } from "../../provider/transport/connection-schema";

/**
 * The stack's `voidvm:*` connection defaults (host, insecureIgnoreHostKey, proxy, ...), read the
 * way the provider reads them. The CLI hands the stack's config to the pack (PULUMI_CONFIG) once
 * it has configured the stack, before the pack starts.
 */
export function stackConnectionDefaults(): PartialConnectionSettings {
  loadConnectionDefaults({ get: (key) => pulumi.runtime.getConfig(key) });
  return connectionDefaults();
}
