import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";

/**
 * The provider object Pulumi serializes into the state. Each method only `require`s the
 * package's provider module when it runs, so the serialized text is tiny and the same in every
 * VoidVM version: upgrading VoidVM never shows a `__provider` diff on every resource.
 */
export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: Pulumi caches a provider's serialization per object, so ten VMs cost
  // one serialization, not ten.
  let provider = providers.get(kind);
  if (!provider) {
    provider = providerFor(kind);
    providers.set(kind, provider);
  }
  return provider;
}

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    configure: async (req) => require("@voidvm/pulumi/dist/provider").configure(req.config),
    check: async (olds, news) => require("@voidvm/pulumi/dist/provider").resourceProviders[kind].check(olds, news),
    diff: async (id, olds, news) => require("@voidvm/pulumi/dist/provider").resourceProviders[kind].diff(id, olds, news),
    create: async (inputs) => require("@voidvm/pulumi/dist/provider").resourceProviders[kind].create(inputs),
    read: async (id, props) => require("@voidvm/pulumi/dist/provider").resourceProviders[kind].read(id, props),
    update: async (id, olds, news) => require("@voidvm/pulumi/dist/provider").resourceProviders[kind].update(id, olds, news),
    delete: async (id, props) => require("@voidvm/pulumi/dist/provider").resourceProviders[kind].delete(id, props),
  };
}
