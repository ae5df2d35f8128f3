import { remoteHost } from "../../config/resolve-connection";
import { installCollector } from "./install";
import { observeMonitoring } from "./observe";
import type { MonitoringOutputs } from "./outputs";
import type { MonitoringInputs } from "./schema";

/** Rewrites the config (and script) and restarts the collector; the history stays (a smaller bound applies from the next rotation). */
export async function updateMonitoring(_olds: MonitoringOutputs, news: MonitoringInputs): Promise<MonitoringOutputs> {
  const host = remoteHost(news.connection);
  await installCollector(host, news, false);
  return observeMonitoring(host, news);
}
