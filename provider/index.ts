/**
 * The provider's resource kinds, for tests and for states written by 0.1.0: their
 * `__provider` closures `require` this module and call resourceProviders[kind]. New resources'
 * `__provider` modules call ./dynamic-provider, which loads only the kinds a run uses.
 */
import { configureProvider } from "./config/configure";
import { virtualMachineProvider } from "./resources/vm/provider";
import { snapshotProvider } from "./resources/snapshot/provider";
import { snapshotScheduleProvider } from "./resources/snapshot-schedule/provider";
import { diskProvider } from "./resources/disk/provider";
import { networkInterfaceProvider } from "./resources/network-interface/provider";
import { portForwardProvider } from "./resources/port-forward/provider";
import { imageProvider } from "./resources/image/provider";
import { monitoringProvider } from "./resources/monitoring/provider";
import { alertRuleProvider } from "./resources/alert-rule/provider";

export const resourceProviders = {
  VirtualMachine: virtualMachineProvider,
  Snapshot: snapshotProvider,
  SnapshotSchedule: snapshotScheduleProvider,
  Disk: diskProvider,
  NetworkInterface: networkInterfaceProvider,
  PortForward: portForwardProvider,
  Image: imageProvider,
  Monitoring: monitoringProvider,
  AlertRule: alertRuleProvider,
} as const;

/** The resource kinds; the SDK's serialized providers name theirs with one of these. */
export type ResourceKind = keyof typeof resourceProviders;

export async function configure(config: { get(key: string): string | undefined }): Promise<void> {
  await configureProvider(config);
}

export { ConflictError, NotFoundError, RefusedError, RemoteCommandError } from "./errors";
export { transportStats, resetTransportStats } from "./transport/stats";
