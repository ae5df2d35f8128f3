import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/**
 * A value a program may give as a Pulumi input all the way down: the value itself, each array
 * element and each object field may be an Output or a Promise. (A union stays one input: an
 * Output<"a" | "b"> is accepted where "a" | "b" is.)
 */
export type DeepInput<T> = [T] extends [Primitive]
  ? pulumi.Input<T>
  : [T] extends [ReadonlyArray<infer E>]
    ? pulumi.Input<DeepInput<E>[]>
    : pulumi.Input<{ [K in keyof T]: DeepInput<NonNullable<T[K]>> }>;

/** A resource's args, field for field (docs, optionality), from the object T. */
export type InputsOf<T> = { [K in keyof T]: DeepInput<NonNullable<T[K]>> };

/**
 * The args a program gives a resource: the provider's input schema (the one source of truth for
 * inputs, with its docs and defaults) without the fields the SDK fills itself (the connection,
 * the name and the VM, which every resource declares in its own way).
 */
export type SchemaArgs<S extends z.ZodTypeAny, SdkFilled extends string = never> = InputsOf<
  Omit<z.input<S>, "connection" | "name" | "vm" | "vmUuid" | SdkFilled>
>;

/** A resource's outputs as Pulumi Outputs, field for field (docs kept) from the provider's outputs type. */
export type OutputsOf<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };
