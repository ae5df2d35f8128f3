/**
 * Secret values known to this process (private keys, passwords, VNC passwords). They never go on
 * a command line, but every message that leaves the transport is passed through `redact` anyway.
 */
const known = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) known.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join("[secret]");
  return out;
}
