/**
 * Secret values known to this process (private keys, passwords, VNC passwords). They never go on
 * a command line, but every message that leaves the transport is passed through `redact` anyway.
 * Any length counts: a VNC password may be a single character. A short secret is replaced
 * wherever it stands, even inside other words: ugly, but it cannot leak.
 */
const known = new Set<string>();
let pattern: RegExp | undefined;

export function registerSecret(value: string | undefined): void {
  if (!value || known.has(value)) return;
  known.add(value);
  // Longest first, in one pass: a secret inside a longer one, or inside the marker, stays hidden.
  const alternatives = [...known].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  pattern = new RegExp(alternatives.join("|"), "g");
}

export function redact(text: string): string {
  return pattern ? text.replace(pattern, "[secret]") : text;
}

/** Forgets every registered secret: for a process that runs one job after another (a test runner). */
export function forgetSecrets(): void {
  known.clear();
  pattern = undefined;
}
