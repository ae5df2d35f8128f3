import { addressesOverlap, describeHostPort, portRange, type ForwardRule, type Protocol } from "./forward-rules";

/** A socket listening on the host (`ss -Hlntu`). `address` undefined: every address. */
export interface Listener {
  protocol: Protocol;
  address?: string;
  port: number;
  /** The line as ss printed it, for messages. */
  text: string;
}

/** Parses `ss -Hlntu` output: `tcp LISTEN 0 128 127.0.0.1:2222 0.0.0.0:*`, `udp UNCONN ... [::]:53 ...`. */
export function parseListeners(text: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of text.split("\n")) {
    const parts = line.trim().split(/\s+/);
    const protocol = parts[0];
    const local = parts[4];
    if ((protocol !== "tcp" && protocol !== "udp") || !local) continue;
    const colon = local.lastIndexOf(":");
    const port = Number(local.slice(colon + 1));
    if (!Number.isInteger(port)) continue;
    let address = local.slice(0, colon).replace(/%.*$/, "").replace(/^\[|\]$/g, "");
    if (address === "*" || address === "0.0.0.0" || address === "::") address = "";
    // An IPv6-only address (::1, fe80::...) cannot take an IPv4 connection: no clash.
    if (address.includes(":")) continue;
    listeners.push({ protocol, address: address || undefined, port, text: `${protocol} ${local}` });
  }
  return listeners;
}

/** Messages for every rule whose host port a listening process already holds. */
export function listenerConflicts(listeners: Listener[], rules: ForwardRule[]): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const [from, to] = portRange(rule.hostPort);
    const clash = listeners.find((l) => l.protocol === rule.protocol && l.port >= from && l.port <= to && addressesOverlap(l.address, rule.hostIp));
    if (clash) {
      problems.push(
        `${describeHostPort(rule)} is already in use on the host: a process listens on ${clash.text} (see ss -ltnup on the host). ` +
          `Forwarding it would take the port away from that process: choose another hostPort, or stop the process first.`,
      );
    }
  }
  return problems;
}
