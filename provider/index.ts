/**
 * What runs inside Pulumi's dynamic-provider process. Each resource's `__provider` module
 * (sdk/dynamic-provider.ts) `require`s this module and calls dynamicProvider, so the state never
 * carries provider code (no diff on upgrades).
 */
import type * as pulumi from "@pulumi/pulumi";
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

/** The provider object of KIND that Pulumi's dynamic-provider plugin calls: configure, then the resource's calls. */
export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return { ...(resourceProviders[kind] as pulumi.dynamic.ResourceProvider), configure: (req) => configure(req.config) };
}

export { ConflictError, NotFoundError, RefusedError, RemoteCommandError } from "./errors";
export { transportStats, resetTransportStats } from "./transport/stats";
