import type * as pulumi from "@pulumi/pulumi";
import { redacting } from "../../errors";
import { registerSecret } from "../../transport/secrets";
import type { CheckOutcome } from "../../validation/check-inputs";
import { SDK_KEYS } from "../../validation/sdk-keys";
import { stripUndefined } from "../../values/strip-undefined";
import type { ResourceDiff } from "./resource-diff";

/**
 * What a resource implements; `defineProvider` turns it into Pulumi's dynamic ResourceProvider.
 * Every function is free of Pulumi's calling conventions: no ids it does not need, no wrapping.
 */
export interface ResourceHandlers<I, O, D extends ResourceDiff = ResourceDiff> {
  /** Validates the program's raw inputs, all problems at once, and fills defaults. */
  check(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<I>;
  /** Pure: runs in preview. Receives the stored outputs, not the old inputs. */
  diff(olds: O, news: I): D;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  /** An empty id (with empty props) says the resource is gone. */
  read(id: string, props: O): Promise<{ id: string; props: O | Record<string, never> }>;
  update(olds: O, news: I): Promise<O>;
  delete(props: O): Promise<void>;
  /** Secret values among the inputs or outputs: redacted from every message. @default none */
  secrets?(value: I | O): Array<string | undefined>;
}

type Provider<I, O> = pulumi.dynamic.ResourceProvider<I, O>;

/** Pulumi's ResourceProvider<I, O> with every method a resource has, and diff's own result type. */
export interface DefinedProvider<I, O, D extends ResourceDiff = ResourceDiff> extends Provider<I, O> {
  check: NonNullable<Provider<I, O>["check"]>;
  diff: (id: string, olds: O, news: I) => Promise<D>;
  read: NonNullable<Provider<I, O>["read"]>;
  update: NonNullable<Provider<I, O>["update"]>;
  delete: NonNullable<Provider<I, O>["delete"]>;
}


/**
 * The one adapter between Pulumi's dynamic-provider calls and a resource: it keeps the SDK's
 * keys, strips `undefined` from everything it hands back (Pulumi refuses it), registers the
 * resource's secrets before anything runs and redacts them from every error.
 */
export function defineProvider<I, O, D extends ResourceDiff>(handlers: ResourceHandlers<I, O, D>): DefinedProvider<I, O, D> {
  const register = (...values: Array<I | O | undefined>) => {
    for (const value of values) if (value !== undefined) handlers.secrets?.(value).forEach(registerSecret);
  };
  return {
    async check(olds, news) {
      // Pulumi hands check the program's raw inputs, which become I only once they pass.
      const rawOlds = olds as unknown as Record<string, unknown>;
      const rawNews = news as unknown as Record<string, unknown>;
      const outcome = await redacting(() => handlers.check(rawOlds, rawNews));
      if (outcome.failures) return { failures: outcome.failures };
      const carried = Object.fromEntries(SDK_KEYS.filter((key) => rawNews[key] !== undefined).map((key) => [key, rawNews[key]]));
      return { inputs: stripUndefined({ ...outcome.inputs, ...carried }) };
    },
    async diff(_id, olds, news) {
      register(olds, news);
      return redacting(() => handlers.diff(olds, news));
    },
    async create(inputs) {
      register(inputs);
      const created = await redacting(() => handlers.create(inputs));
      return { id: created.id, outs: stripUndefined(created.outs) };
    },
    async read(id, props) {
      register(props);
      const found = await redacting(() => handlers.read(id, props as O));
      return { id: found.id, props: stripUndefined(found.props) as O };
    },
    async update(_id, olds, news) {
      register(olds, news);
      return { outs: stripUndefined(await redacting(() => handlers.update(olds, news))) };
    },
    async delete(_id, props) {
      register(props);
      await redacting(() => handlers.delete(props));
    },
  };
}
