import { CronExpressionParser } from "cron-parser";
import { toString as cronInWords } from "cronstrue";

/**
 * Cron expressions as the host's cron daemon (Vixie/ISC cron, Debian's `cron`, cronie) runs them
 * from /etc/cron.d: five fields, or one of the @ shorthands. Names of months and days are
 * accepted and written as numbers (cron refuses ranges and lists of names). Validated with
 * cron-parser (which also catches expressions that never fire, such as 30 February) and put into
 * words with cronstrue.
 */
export type CronCheck = { ok: true; normalized: string; words: string } | { ok: false; reason: string };

const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"] as const;

const SHORTHANDS: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const EXAMPLES = `Examples: "0 2 * * *" (every day at 02:00), "*/15 * * * *" (every 15 minutes), "0 3 * * 1-5" (03:00 on weekdays), "@daily".`;

export function checkCron(expression: string): CronCheck {
  const trimmed = expression.trim();
  if (trimmed === "") return { ok: false, reason: `is empty; give a cron expression. ${EXAMPLES}` };
  if (trimmed.startsWith("@")) {
    const expanded = SHORTHANDS[trimmed.toLowerCase()];
    if (trimmed.toLowerCase() === "@reboot") {
      return { ok: false, reason: `"@reboot" runs only when the host boots; a snapshot schedule needs a periodic expression. ${EXAMPLES}` };
    }
    if (!expanded) return { ok: false, reason: `"${trimmed}" is not a cron shorthand; use one of ${Object.keys(SHORTHANDS).join(", ")}, or five fields. ${EXAMPLES}` };
    return finish(trimmed, expanded);
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) {
    const seconds = fields.length === 6 ? " A sixth field (seconds) is not understood by the host's cron, which runs at most once a minute." : "";
    return {
      ok: false,
      reason: `"${trimmed}" has ${fields.length} field${fields.length === 1 ? "" : "s"}; a cron expression has 5: minute hour day-of-month month day-of-week.${seconds} ${EXAMPLES}`,
    };
  }
  const numeric = fields.map((field, i) => (i === 3 ? replaceNames(field, MONTHS, 1) : i === 4 ? replaceNames(field, DAYS, 0) : field));
  for (const [i, field] of numeric.entries()) {
    if (!/^[0-9*,/-]+$/.test(field)) {
      return {
        ok: false,
        reason:
          `the ${FIELD_NAMES[i]} field "${fields[i]}" uses syntax the host's cron does not understand; ` +
          `use numbers, *, ranges (1-5), lists (1,15) and steps (*/10)${i >= 3 ? ", or three-letter names (jan, mon)" : ""}. ${EXAMPLES}`,
      };
    }
  }
  return finish(trimmed, numeric.join(" "));
}

function finish(original: string, normalized: string): CronCheck {
  try {
    CronExpressionParser.parse(normalized, { tz: "UTC" }).next();
  } catch (error) {
    return { ok: false, reason: `"${original}" is not a valid cron expression: ${(error as Error).message}. ${EXAMPLES}` };
  }
  let words: string;
  try {
    words = cronInWords(normalized, { use24HourTimeFormat: true, verbose: false });
  } catch (error) {
    return { ok: false, reason: `"${original}" is not a valid cron expression: ${String(error)}. ${EXAMPLES}` };
  }
  return { ok: true, normalized, words };
}

function replaceNames(field: string, names: readonly string[], offset: number): string {
  return field.replace(/[A-Za-z]+/g, (word) => {
    const index = names.indexOf(word.toLowerCase());
    return index < 0 ? word : String(index + offset);
  });
}

/** The next `count` times the expression fires after `from`, as ISO 8601 strings (UTC). */
export function nextRuns(normalized: string, timezone: string, count: number, from: Date = new Date()): string[] {
  const expression = CronExpressionParser.parse(normalized, { tz: timezone, currentDate: from });
  const runs: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = expression.next().toISOString();
    if (!next) break;
    runs.push(next);
  }
  return runs;
}
