import { z } from "zod";
import { vmScopedFields } from "../shared/vm-scoped-fields";
import { checkCron } from "./cron";
import { DEFAULT_NAMING, namingProblems } from "./naming";

/** Cron ignores files in /etc/cron.d whose names hold anything else (dots included). */
export const scheduleName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-' (it names the file in /etc/cron.d, and cron ignores other file names)");

export const snapshotScheduleInputsSchema = z
  .object({
    ...vmScopedFields,
    /** Names the host entry and tags the snapshots. Autonamed `<resource name>-<7 hex>`. */
    name: scheduleName,
    /**
     * When to take a snapshot: a cron expression in the host's time zone, five fields
     * (`0 2 * * *`) or a shorthand (`@daily`, `@hourly`, `@weekly`, `@monthly`, `@yearly`).
     * Checked in preview; the outputs show it in words and the next run times.
     */
    schedule: z.string(),
    /**
     * Retention: how many of this schedule's snapshots are kept (the oldest go first). Left out of
     * the checked inputs when the program leaves it out, so that a policy can tell the default
     * from a choice; {@link scheduleRetention} is the number in force. @default 7
     */
    maxSnapshots: z.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000").optional(),
    /**
     * Snapshot names. Placeholders: {timestamp} (20250131T020000Z), {date} (2025-01-31),
     * {time} (020000), {unix}, {vm}, {schedule}; must contain {timestamp}, {unix} or {date}+{time}.
     * @default "auto-{timestamp}"
     */
    naming: z.string().default(DEFAULT_NAMING),
    /** Full snapshots with memory while the VM runs (disk-only when it is stopped). @default false */
    includeMemory: z.boolean().default(false),
    /** false removes the cron entry and keeps everything else (settings, snapshots). @default true */
    enabled: z.boolean().default(true),
    /** Also delete this schedule's snapshots when the schedule is deleted. @default false */
    deleteSnapshotsOnDelete: z.boolean().default(false),
  })
  .strict()
  .superRefine((inputs, ctx) => {
    const cron = checkCron(inputs.schedule);
    if (!cron.ok) ctx.addIssue({ code: "custom", path: ["schedule"], message: cron.reason });
    for (const problem of namingProblems(inputs.naming)) {
      ctx.addIssue({ code: "custom", path: ["naming"], message: `"${inputs.naming}" ${problem}` });
    }
  });

export type SnapshotScheduleInputs = z.output<typeof snapshotScheduleInputsSchema>;

export const DEFAULT_MAX_SNAPSHOTS = 7;

/** How many of its own snapshots the schedule keeps: maxSnapshots, or the default. */
export function scheduleRetention(inputs: Pick<SnapshotScheduleInputs, "maxSnapshots">): number {
  return inputs.maxSnapshots ?? DEFAULT_MAX_SNAPSHOTS;
}
