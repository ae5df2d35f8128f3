import type { AlertRuleInputs } from "./schema";

/** The AlertRule as stored by Pulumi: its inputs plus its state as the collector last wrote it. */
export interface AlertRuleOutputs extends AlertRuleInputs {
  /** ok or firing; unknown until the collector has evaluated the rule (its VM's first samples). */
  state: "ok" | "firing" | "unknown";
  /** When the rule entered its state (ISO 8601, UTC). */
  since?: string;
  /** The metric's value then. */
  value?: number;
  /** The last time it fired (ISO 8601, UTC). */
  lastFired?: string;
  ruleFile: string;
  stateFile: string;
}
