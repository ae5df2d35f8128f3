import { z } from "zod";
import { METRIC_FIELDS } from "../../metrics/sample";
import { vmScopedFields } from "../shared/vm-scoped-fields";

/** Names a rule's files on the host (/etc/voidvm/alert-NAME.conf). */
export const alertRuleName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-' (it names the rule's files on the host)");

export const ALERT_METRICS = Object.keys(METRIC_FIELDS) as [keyof typeof METRIC_FIELDS, ...Array<keyof typeof METRIC_FIELDS>];
export const ALERT_CONDITIONS = [">", "<", "=", "!="] as const;
export const ALERT_ACTIONS = ["notify", "restart", "suspend"] as const;

const webhookUrl = z
  .string()
  .url("must be a URL, e.g. https://hooks.example.com/voidvm")
  .refine((url) => /^https?:\/\//i.test(url), "must be an http:// or https:// URL (the collector POSTs to it with curl)")
  .refine((url) => !/[\s"\\]/.test(url), 'must not contain spaces, quotes (") or backslashes');

export const alertRuleInputsSchema = z
  .object({
    ...vmScopedFields,
    /** Names the rule's files on the host: letters, digits, `_`, `-`. Autonamed `<resource name>-<7 hex>`. */
    name: alertRuleName,
    /** cpu (%), memory (%), disk (read + write MB/s) or network (received + sent MB/s). */
    metric: z.enum(ALERT_METRICS, { errorMap: () => ({ message: `must be one of ${ALERT_METRICS.join(", ")}` }) }),
    /** How the value compares to the threshold. */
    condition: z.enum(ALERT_CONDITIONS, { errorMap: () => ({ message: `must be one of ${ALERT_CONDITIONS.map((c) => `"${c}"`).join(", ")}` }) }),
    /** Percent for cpu and memory (0–100), MB/s (10^6 bytes a second) for disk and network. */
    threshold: z.number({ invalid_type_error: "must be a number" }).finite("must be a finite number"),
    /** Seconds the condition must hold on every sample before the rule fires (0: the first sample). @default 60 */
    duration: z.number().int("must be a whole number of seconds").min(0, "must be 0 or more seconds").max(86400, "must be at most 86400 seconds (a day)").default(60),
    /** What happens when it fires: notify (POST to webhookUrl), restart (virsh reset) or suspend (virsh suspend). @default "notify" */
    action: z.enum(ALERT_ACTIONS, { errorMap: () => ({ message: `must be one of ${ALERT_ACTIONS.join(", ")}` }) }).default("notify"),
    /** Required for notify: where it POSTs its JSON payload (restart and suspend POST there too when given). Kept secret (it may hold a token). */
    webhookUrl: webhookUrl.optional(),
  })
  .strict()
  .superRefine((inputs, ctx) => {
    if (inputs.action === "notify" && inputs.webhookUrl === undefined) {
      ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: 'is required when action is "notify": the URL the collector POSTs the alert to' });
    }
    if ((inputs.metric === "cpu" || inputs.metric === "memory") && (inputs.threshold < 0 || inputs.threshold > 100)) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: `is ${inputs.threshold}, but ${inputs.metric} is a percentage: give 0–100` });
    }
    if ((inputs.metric === "disk" || inputs.metric === "network") && inputs.threshold < 0) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: `is ${inputs.threshold}, but ${inputs.metric} is in MB/s: give 0 or more` });
    }
  });

export type AlertRuleInputs = z.output<typeof alertRuleInputsSchema>;
