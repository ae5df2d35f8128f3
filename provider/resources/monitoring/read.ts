import { remoteHost } from "../../config/resolve-connection";
import { hostCollectorState, observeMonitoring } from "./observe";
import type { MonitoringOutputs } from "./outputs";

/** Refresh: gone when its config is gone; `running` says whether the collector process runs. */
export async function readMonitoring(id: string, props: MonitoringOutputs): Promise<{ id: string; props: MonitoringOutputs | Record<string, never> }> {
  const host = remoteHost(props.connection);
  const state = await hostCollectorState(host);
  if (!state.configPresent) return { id: "", props: {} };
  return { id, props: await observeMonitoring(host, props, state) };
}
