import { onLabHost } from "./lab";

/** A TCP port on the lab host that nothing listens on now (for forwards made by a test). */
export async function freeHostPort(): Promise<number> {
  const used = (await onLabHost("ss -Htan | awk '{print $4}' | sed 's/.*://'")).stdout.split("\n");
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if (!used.includes(String(port))) return port;
  }
}
