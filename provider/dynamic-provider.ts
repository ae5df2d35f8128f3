/**
 * What each resource's `__provider` module (sdk/dynamic-provider.ts) hands Pulumi's
 * dynamic-provider plugin: the provider object of one resource kind. A kind's code is loaded at
 * its first call, so a run loads only the kinds it uses (every kind together takes about 0.2 s to
 * load, VirtualMachine alone about 0.1 s).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./index";

type Provider = pulumi.dynamic.ResourceProvider;

const loaders: Record<ResourceKind, () => Promise<Provider>> = {
  VirtualMachine: async () => (await import("./resources/vm/provider")).virtualMachineProvider as Provider,
  Snapshot: async () => (await import("./resources/snapshot/provider")).snapshotProvider as Provider,
  SnapshotSchedule: async () => (await import("./resources/snapshot-schedule/provider")).snapshotScheduleProvider as Provider,
  Disk: async () => (await import("./resources/disk/provider")).diskProvider as Provider,
  NetworkInterface: async () => (await import("./resources/network-interface/provider")).networkInterfaceProvider as Provider,
  PortForward: async () => (await import("./resources/port-forward/provider")).portForwardProvider as Provider,
  Image: async () => (await import("./resources/image/provider")).imageProvider as Provider,
  Monitoring: async () => (await import("./resources/monitoring/provider")).monitoringProvider as Provider,
  AlertRule: async () => (await import("./resources/alert-rule/provider")).alertRuleProvider as Provider,
};

/** The provider object of KIND: configure, then the resource's calls, each loading the kind's code on first use. */
export function dynamicProvider(kind: ResourceKind): Provider {
  const load = loaders[kind];
  return {
    configure: async (req) => (await import("./config/configure")).configureProvider(req.config),
    check: async (olds, news) => (await load()).check!(olds, news),
    diff: async (id, olds, news) => (await load()).diff!(id, olds, news),
    create: async (inputs) => (await load()).create(inputs),
    read: async (id, props) => (await load()).read!(id, props),
    update: async (id, olds, news) => (await load()).update!(id, olds, news),
    delete: async (id, props) => (await load()).delete!(id, props),
  };
}
