import { intervalSeconds } from "../../provider/metrics/stream";

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60 } as const;

/**
 * `--interval` as seconds: `5s`, `500ms`, `1m` or a plain number of seconds; `fallback` when the
 * flag is absent. Throws a message for the usage error otherwise.
 */
export function parseInterval(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`--interval ${text}: write a duration such as 5s, 500ms or 1m`);
  const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] ?? "s") as keyof typeof UNIT_SECONDS];
  const checked = intervalSeconds.safeParse(seconds);
  if (!checked.success) throw new Error(`--interval ${text} ${checked.error.issues[0]?.message ?? "is out of range"}`);
  return seconds;
}
