import type * as pulumi from "@pulumi/pulumi";

/** Per property: changed in place (`update`) or by a replacement (`update-replace`). */
export type DetailedDiff = Record<string, { kind: "update" | "update-replace"; inputDiff: boolean }>;

/** What every resource's diff returns: Pulumi's DiffResult, with the fields VoidVM always sets. */
export interface ResourceDiff extends pulumi.dynamic.DiffResult {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/** A diff that also says, per property, what happens (shown in tests and drift messages). */
export interface DetailedResourceDiff extends ResourceDiff {
  readonly detailedDiff: DetailedDiff;
}

/** The diff of a set of property changes: it changes when any does, and replaces on any replace. */
export function resourceDiff(detailedDiff: DetailedDiff, deleteBeforeReplace: boolean): DetailedResourceDiff {
  const replaces = Object.entries(detailedDiff)
    .filter(([, d]) => d.kind === "update-replace")
    .map(([path]) => path);
  return { changes: Object.keys(detailedDiff).length > 0, replaces, deleteBeforeReplace, detailedDiff };
}
