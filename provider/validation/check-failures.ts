import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** Pulumi's CheckFailure: which input, and why it is refused. */
export type CheckFailure = pulumi.dynamic.CheckFailure;

/** Every problem zod found, at once, with the input path spelled as the user wrote it. */
export function zodFailures(error: z.ZodError): CheckFailure[] {
  return error.issues.map((issue) => ({
    property: issue.path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "["),
    reason: issue.message,
  }));
}
