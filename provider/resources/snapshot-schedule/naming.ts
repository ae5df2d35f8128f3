/**
 * Snapshot names of a schedule: a pattern of letters, digits, `.`, `_`, `-` and placeholders.
 * The host script (provider/remote-scripts/lib/snapshot-schedule-run.sh) expands the same
 * placeholders at each run.
 */
export const NAMING_PLACEHOLDERS: Record<string, string> = {
  timestamp: "the run's time in UTC, 20250131T020000Z",
  date: "the run's date in UTC, 2025-01-31",
  time: "the run's time of day in UTC, 020000",
  unix: "seconds since 1970, 1738288800",
  vm: "the VM's name",
  schedule: "the schedule's name",
};

export const DEFAULT_NAMING = "auto-{timestamp}";
const MAX_LENGTH = 100;

/** Every problem with a pattern, in words; empty when it is fine. */
export function namingProblems(pattern: string): string[] {
  const problems: string[] = [];
  const known = Object.keys(NAMING_PLACEHOLDERS).map((k) => `{${k}}`).join(", ");
  if (pattern.length === 0) return [`is empty; use a pattern such as "${DEFAULT_NAMING}" (placeholders: ${known})`];
  if (pattern.length > MAX_LENGTH) problems.push(`is ${pattern.length} characters long; at most ${MAX_LENGTH}`);
  const tokens = pattern.match(/\{[^{}]*\}|[^{}]/g) ?? [];
  const placeholders = new Set<string>();
  const badCharacters = new Set<string>();
  for (const token of tokens) {
    if (token.startsWith("{") && token.length > 1) {
      const key = token.slice(1, -1);
      if (key in NAMING_PLACEHOLDERS) placeholders.add(key);
      else problems.push(`has the unknown placeholder ${token}; the placeholders are ${known}`);
    } else if (!/^[A-Za-z0-9._-]$/.test(token)) {
      badCharacters.add(token);
    }
  }
  if (tokens.join("") !== pattern || /[{}]/.test(pattern.replace(/\{[^{}]*\}/g, ""))) problems.push(`has an unmatched "{" or "}"`);
  for (const c of badCharacters) {
    if (c !== "{" && c !== "}") problems.push(`contains ${JSON.stringify(c)}; use letters, digits, ".", "_", "-" and the placeholders ${known}`);
  }
  if (!placeholders.has("timestamp") && !placeholders.has("unix") && !(placeholders.has("date") && placeholders.has("time"))) {
    problems.push(`must contain {timestamp}, {unix}, or both {date} and {time}, so that every run gets a new snapshot name (for example "${DEFAULT_NAMING}")`);
  }
  if (/^[-.]/.test(pattern)) problems.push(`must not start with "-" or "."`);
  return problems;
}

/** A name the pattern gives for a run at `at` (the host script does the same). */
export function expandNaming(pattern: string, context: { at: Date; vm: string; schedule: string }): string {
  const iso = context.at.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19).replace(/:/g, "");
  const values: Record<string, string> = {
    unix: String(Math.floor(context.at.getTime() / 1000)),
    timestamp: `${date.replace(/-/g, "")}T${time}Z`,
    date,
    time,
    schedule: context.schedule,
    vm: context.vm,
  };
  return pattern.replace(/\{([a-z]+)\}/g, (whole, key: string) => values[key] ?? whole);
}
