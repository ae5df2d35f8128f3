import { z } from "zod";
import { partialConnectionSchema } from "../../transport/connection-schema";

export const DEFAULT_INTERVAL = 5;
export const DEFAULT_HISTORY_MB = 64;
export const DEFAULT_TOTAL_HISTORY_MB = 1024;

/** The Monitoring resource's inputs: one host collector per host (see docs/monitoring.md). */
export const monitoringInputsSchema = z
  .object({
    connection: partialConnectionSchema.optional(),
    /** Seconds between two samples of every VM on the host. @default 5 */
    interval: z.number().int("must be a whole number of seconds").min(1, "must be at least 1 second").max(3600, "must be at most 3600 seconds (one hour)").default(DEFAULT_INTERVAL),
    /**
     * The most history one VM keeps on the host, in MiB; the oldest samples go first. A sample
     * takes about 190 bytes: 1 MiB holds about 5,500 samples (7.6 hours at a 5 s interval), 64 MiB
     * about 20 days. @default 64
     */
    historyMB: z.number().int("must be a whole number of MiB").min(1, "must be at least 1 MiB").max(65536, "must be at most 65536 MiB (64 GiB)").default(DEFAULT_HISTORY_MB),
    /** The most history all VMs of the host keep together, in MiB. @default 1024 */
    totalHistoryMB: z.number().int("must be a whole number of MiB").min(1, "must be at least 1 MiB").max(1048576, "must be at most 1048576 MiB (1 TiB)").default(DEFAULT_TOTAL_HISTORY_MB),
    /** Keep the history (and the log) on the host when the resource is deleted. @default false */
    retainHistory: z.boolean().default(false),
  })
  .strict()
  .superRefine((inputs, ctx) => {
    if (inputs.totalHistoryMB < inputs.historyMB) {
      ctx.addIssue({
        code: "custom",
        path: ["totalHistoryMB"],
        message: `is ${inputs.totalHistoryMB} MiB, less than one VM's historyMB (${inputs.historyMB} MiB); give at least historyMB times the number of VMs on the host`,
      });
    }
  });

export type MonitoringInputs = z.output<typeof monitoringInputsSchema>;
