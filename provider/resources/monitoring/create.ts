import { ConflictError } from "../../errors";
import { COLLECTOR_PATHS } from "../../metrics/collector-files";
import { remoteHost } from "../../config/resolve-connection";
import { ownerOf } from "../../validation/sdk-keys";
import { installCollector } from "./install";
import { hostCollectorState, observeMonitoring } from "./observe";
import type { MonitoringOutputs } from "./outputs";
import type { MonitoringInputs } from "./schema";

/**
 * Installs the host's collector. A host has one: a collector installed by another Monitoring
 * (another stack, or another resource of this one) is refused; this resource's own (a create
 * whose `pulumi up` was killed) is taken over.
 */
export async function createMonitoring(inputs: MonitoringInputs): Promise<{ id: string; outs: MonitoringOutputs }> {
  const host = remoteHost(inputs.connection);
  const existing = await hostCollectorState(host);
  const ours = existing.owner !== undefined && existing.owner === ownerOf(inputs);
  if (existing.configPresent && !ours) {
    const whose = existing.owner ? `, installed by the VoidVM resource ${existing.owner}` : "";
    throw new ConflictError(
      `${host.label} already has a VoidVM collector (${COLLECTOR_PATHS.config}${whose}). A host has one collector, owned by one Monitoring resource: ` +
        `keep that one (AlertRules of any stack use it, and getVmMetrics and voidvm report read its history), or delete it first.`,
    );
  }
  try {
    await installCollector(host, inputs, !ours);
  } catch (error) {
    throw new Error(`Installing the host collector on ${host.label} failed and what it wrote was removed: ${(error as Error).message}`);
  }
  return { id: host.label, outs: await observeMonitoring(host, inputs) };
}
