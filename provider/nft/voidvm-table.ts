import { ConflictError } from "../errors";
import type { RemoteHost } from "../transport/remote-host";
import { RULES_FILE, RULES_FILE_HEADER } from "./boot-hook";
import { forwardTransaction, iptablesOpenings, openingsOf, parseTableJson, TABLE_FAMILY, TABLE_NAME, type RenderedRule, type TableRule } from "./forward-rules";
import { parseListeners, type Listener } from "./listeners";

/** What the host has now, read in one round trip. */
export interface HostSnapshot {
  /** sha256 of the table listing: a change is applied only if nobody changed the table since. */
  fingerprint: string;
  /** The VoidVM table's rules; undefined when there is no table. */
  rules: TableRule[] | undefined;
  listeners: Listener[];
  /** `iptables -S FORWARD`, when iptables is there. */
  iptables?: string;
}

/** One round trip (remote-scripts/nft-read.sh); nft and iptables run as root. */
export async function readHostSnapshot(host: RemoteHost): Promise<HostSnapshot> {
  const result = await host.runRemoteScript("nft-read", [TABLE_FAMILY, TABLE_NAME], { sudo: true, allowFailure: true });
  if (result.failedStep === "nft-access") {
    throw new Error(
      `VoidVM cannot read the host's nftables rules on ${host.label}: ${result.stderr.trim()}. Port forwarding needs root for nft: ` +
        `connect as root, or set sudo: true on the connection with a sudo rule for nft (see docs/port-forward.md).`,
    );
  }
  if (result.exitCode !== 0) throw new Error(`Reading the nftables rules on ${host.label} failed: ${result.stderr.trim()}`);
  return parseSnapshot(result.sections.get("host") ?? "");
}

/** Parses the section `host` of nft-read.sh. */
export function parseSnapshot(text: string): HostSnapshot {
  const lines = text.split("\n");
  const fingerprint = lines[0]?.trim() ?? "";
  const json = lines[1] ?? "";
  const rest = lines.slice(2).join("\n");
  const ssPart = rest.split("@@iptables")[0]?.replace("@@ss", "") ?? "";
  const iptablesPart = rest.split("@@iptables")[1] ?? "";
  return {
    fingerprint,
    rules: parseTableJson(json),
    listeners: parseListeners(ssPart),
    iptables: iptablesPart.includes("@@none") ? undefined : iptablesPart.trim(),
  };
}

/** Does the host run libvirt's iptables firewall, which rejects new connections into NAT networks? */
export function hasLibvirtForwardReject(snapshot: HostSnapshot): boolean {
  return snapshot.iptables !== undefined && /-j LIBVIRT_FWI\b/.test(snapshot.iptables);
}

/**
 * Replaces one forward's rules with `next` (an empty list removes them) in one atomic nft
 * transaction; `refuse` may veto the change after seeing the host (conflicts), before anything
 * changes. Concurrent changes by other forwards or stacks are detected and the change is
 * computed again.
 */
export async function applyForward(
  host: RemoteHost,
  forwardId: string,
  next: RenderedRule[],
  refuse: (snapshot: HostSnapshot) => string[] = () => [],
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const snapshot = await readHostSnapshot(host);
    const problems = refuse(snapshot);
    if (problems.length) throw new ConflictError(problems.join("\n"));
    const transaction = forwardTransaction(snapshot.rules, forwardId, next) ?? "";
    const wanted = hasLibvirtForwardReject(snapshot) ? iptablesOpenings(forwardId, next) : [];
    const current = snapshot.iptables ? openingsOf(snapshot.iptables, forwardId) : [];
    const add = wanted.filter((w) => !current.includes(w));
    const del = current.filter((c) => !wanted.includes(c));
    if (!transaction && !add.length && !del.length) return;
    const result = await host.runRemoteScript(
      "nft-apply",
      [TABLE_FAMILY, TABLE_NAME, RULES_FILE, snapshot.fingerprint, transaction, add.join("\n"), del.join("\n"), RULES_FILE_HEADER],
      { sudo: true, allowFailure: true, timeoutMs: 300_000 },
    );
    if (result.exitCode === 0 && result.failedStep === undefined) {
      if (!result.sections.has("changed")) return;
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 400)));
      continue;
    }
    throw new Error(applyFailure(host, result.failedStep, result.exitCode, result.stderr.trim()));
  }
  throw new Error(`The VoidVM nftables table on ${host.label} kept changing while this port forward was being applied (10 attempts). Run the update again.`);
}

/** The message for a failed step of nft-apply.sh. */
function applyFailure(host: RemoteHost, step: string | undefined, code: number, stderr: string): string {
  switch (step) {
    case "nft":
      return `nftables on ${host.label} refused the port-forward rules, so nothing was changed: ${stderr}`;
    case "config-dir":
      return `${stderr}. Nothing was changed.`;
    case "iptables":
      return `iptables on ${host.label} refused to open libvirt's firewall for the forward (a rule at the top of FORWARD), so nothing was changed: ${stderr}. The connection needs root for iptables (see docs/port-forward.md).`;
    case "save":
      return `The port-forward rules are active on ${host.label}, but saving them to ${RULES_FILE} for the next boot failed: ${stderr}. Check the sudo rules for install/rm of /etc/voidvm files, then run the update again.`;
    case "lock":
      return `${stderr}. Nothing was changed; run the update again.`;
    default:
      return `Applying the port-forward rules on ${host.label} failed (exit ${code}), nothing was changed: ${stderr}`;
  }
}

/** Reaching a forward at 127.0.0.1 needs the kernel to route loopback sources out (route_localnet). */
export async function ensureRouteLocalnet(host: RemoteHost): Promise<void> {
  const now = await host.run(["cat", "/proc/sys/net/ipv4/conf/all/route_localnet"], { allowFailure: true });
  if (now.stdout.trim() === "1") return;
  const result = await host.run(["sysctl", "-q", "-w", "net.ipv4.conf.all.route_localnet=1"], { sudo: true, allowFailure: true });
  if (result.exitCode !== 0) {
    throw new Error(
      `Forwarding from the host's own 127.0.0.1 needs net.ipv4.conf.all.route_localnet=1, and setting it on ${host.label} failed: ${result.stderr.trim()}. ` +
        `Connect as root or allow "sysctl -q -w net.ipv4.conf.all.route_localnet=1" through sudo, or give every rule a hostIp other than 127.0.0.1 and all addresses. Nothing was changed.`,
    );
  }
}
