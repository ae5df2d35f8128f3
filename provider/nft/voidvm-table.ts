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

const SNAPSHOT_SCRIPT = `
S=""; [ "$1" = sudo ] && S="sudo -n"
if ! err=$($S nft list tables 2>&1 >/dev/null); then printf '%s\\n' "$err" >&2; exit 3; fi
json=$($S nft -j -a list table ${TABLE_FAMILY} ${TABLE_NAME} 2>/dev/null) || json=""
printf '%s\\n' "$json" | sha256sum | cut -d' ' -f1
printf '%s\\n' "$json"
echo '@@ss'
ss -Hlntu 2>/dev/null
echo '@@iptables'
$S iptables -w -S FORWARD 2>/dev/null || echo '@@none'
`;

/**
 * Applies one forward's change under a host-wide lock (flock on /etc/voidvm), only if the table
 * is still the one the change was computed from (else exit 75: compute again). Order: open
 * libvirt's firewall (iptables), then the nft transaction (atomic), then close openings no longer
 * wanted, then save the table for the boot hook. A failure before the save undoes what it did.
 * Args: sudo-flag fingerprint transaction openings-to-add openings-to-delete header.
 */
const APPLY_SCRIPT = `
set -u
S=""; [ "$1" = sudo ] && S="sudo -n"
expected=$2; transaction=$3; add=$4; del=$5; header=$6
conf=${RULES_FILE}
[ -d /etc/voidvm ] || { echo "the directory /etc/voidvm does not exist on the host; VoidVM saves its port-forward rules there so that they survive a reboot (create it as root: install -d -m 755 /etc/voidvm)" >&2; exit 77; }
exec 9</etc/voidvm
flock -w 120 9 || { echo "another VoidVM port-forward change held the lock on /etc/voidvm for 120 s" >&2; exit 74; }
json=$($S nft -j -a list table ${TABLE_FAMILY} ${TABLE_NAME} 2>/dev/null) || json=""
[ "$(printf '%s\\n' "$json" | sha256sum | cut -d' ' -f1)" = "$expected" ] || exit 75
set -f
nl='
'
added=""
undo() {
  IFS=$nl
  for spec in $added; do IFS=' '; $S iptables -w -D FORWARD $spec 2>/dev/null; IFS=$nl; done
  IFS=' '
}
IFS=$nl
for spec in $add; do
  IFS=' '
  if ! $S iptables -w -C FORWARD $spec 2>/dev/null; then
    if ! $S iptables -w -I FORWARD 1 $spec; then undo; exit 78; fi
    added="$added$nl$spec"
  fi
  IFS=$nl
done
IFS=' '
if [ -n "$transaction" ]; then
  if ! printf '%s\\n' "$transaction" | $S nft -f -; then undo; exit 76; fi
fi
IFS=$nl
for spec in $del; do IFS=' '; $S iptables -w -D FORWARD $spec 2>/dev/null; IFS=$nl; done
IFS=' '
if table=$($S nft list table ${TABLE_FAMILY} ${TABLE_NAME} 2>/dev/null); then
  openings=$($S iptables -w -S FORWARD 2>/dev/null | grep -F 'voidvm:pf-' | tr -d '"' | sed 's/^-A FORWARD /# iptables-opening: /')
  printf '%s\\n%s\\n%s\\n' "$header" "$table" "$openings" | $S install -m 600 /dev/stdin "$conf" || exit 79
else
  $S rm -f "$conf" || exit 79
fi
`;

function sudoFlag(host: RemoteHost): string {
  return host.settings.sudo ? "sudo" : "";
}

export async function readHostSnapshot(host: RemoteHost): Promise<HostSnapshot> {
  const result = await host.runScript(SNAPSHOT_SCRIPT, [sudoFlag(host)], { allowFailure: true });
  if (result.exitCode === 3) {
    throw new Error(
      `VoidVM cannot read the host's nftables rules on ${host.label}: ${result.stderr.trim()}. Port forwarding needs root for nft: ` +
        `connect as root, or set sudo: true on the connection with a sudo rule for nft (see docs/port-forward.md).`,
    );
  }
  if (result.exitCode !== 0) throw new Error(`Reading the nftables rules on ${host.label} failed: ${result.stderr.trim()}`);
  return parseSnapshot(result.stdout);
}

export function parseSnapshot(stdout: string): HostSnapshot {
  const lines = stdout.split("\n");
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
    const result = await host.runScript(APPLY_SCRIPT, [sudoFlag(host), snapshot.fingerprint, transaction, add.join("\n"), del.join("\n"), RULES_FILE_HEADER], {
      allowFailure: true,
      timeoutMs: 300_000,
    });
    if (result.exitCode === 0) return;
    if (result.exitCode === 75) {
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 400)));
      continue;
    }
    throw new Error(applyFailure(host, result.exitCode, result.stderr.trim()));
  }
  throw new Error(`The VoidVM nftables table on ${host.label} kept changing while this port forward was being applied (10 attempts). Run the update again.`);
}

function applyFailure(host: RemoteHost, code: number, stderr: string): string {
  switch (code) {
    case 76:
      return `nftables on ${host.label} refused the port-forward rules, so nothing was changed: ${stderr}`;
    case 77:
      return `${stderr}. Nothing was changed.`;
    case 78:
      return `iptables on ${host.label} refused to open libvirt's firewall for the forward (a rule at the top of FORWARD), so nothing was changed: ${stderr}. The connection needs root for iptables (see docs/port-forward.md).`;
    case 79:
      return `The port-forward rules are active on ${host.label}, but saving them to ${RULES_FILE} for the next boot failed: ${stderr}. Check the sudo rules for install/rm of /etc/voidvm files, then run the update again.`;
    case 74:
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
