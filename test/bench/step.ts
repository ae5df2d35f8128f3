import type { SshConnectionCounter } from "./ssh-counter";

/** One timed step of one tool. */
export interface StepResult {
  seconds: number;
  sshConnections: number;
  error?: string;
  /** Something to know about the figure (e.g. an "unchanged" preview that proposed changes). */
  note?: string;
}

/**
 * Times `fn` and counts the SSH connections opened meanwhile. A failure is recorded, not thrown.
 * `fn` may return `{ note }`.
 */
export async function measure(counter: SshConnectionCounter, label: string, fn: () => Promise<unknown>): Promise<StepResult> {
  const before = counter.read();
  const started = process.hrtime.bigint();
  let error: string | undefined;
  let note: string | undefined;
  try {
    const out = await fn();
    if (out && typeof out === "object" && "note" in out && typeof out.note === "string") note = out.note;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sshConnections = counter.read() - before;
  const status = error ? `FAILED\n${gist(error)}` : (note ?? "ok");
  console.error(`[bench] ${label.padEnd(36)} ${seconds.toFixed(1).padStart(6)} s ${String(sshConnections).padStart(4)} ssh  ${status}`);
  return { seconds, sshConnections, error, note };
}

/** The lines of a long CLI output that say what went wrong (or its last lines). */
export function gist(text: string, max = 12): string {
  const lines = text.split("\n").map((l) => l.trimEnd()).filter(Boolean);
  const errors = lines.filter((l) => /error|fail|denied|no space/i.test(l));
  return (errors.length ? errors : lines.slice(-max)).slice(0, max).map((l) => `    ${l.slice(0, 240)}`).join("\n");
}
