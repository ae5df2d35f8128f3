/**
 * Port forwarding as nftables rules, pure: what a PortForward's rules look like, how they are
 * read back from `nft -j -a list table`, and how one forward's change becomes one atomic
 * transaction that touches no rule of any other forward.
 *
 * Layout: one table `ip voidvm` owned by VoidVM, four base chains, every rule tagged with
 * `comment "voidvm:<forward id>"`:
 *   prerouting  (nat, dstnat)   connections from other machines: DNAT to the guest
 *   output      (nat, -100)     connections from the host itself (incl. 127.0.0.1): DNAT
 *   postrouting (nat, srcnat)   from 127.0.0.0/8: masquerade (the guest cannot answer 127.0.0.1)
 *   forward     (filter)        accept new connections to the guest port (records the opening)
 */

export const TABLE_FAMILY = "ip";
export const TABLE_NAME = "voidvm";
export const CHAINS = ["prerouting", "output", "postrouting", "forward"] as const;
export type Chain = (typeof CHAINS)[number];

export type Protocol = "tcp" | "udp";
/** A port, or a range `"8000-8010"`. */
export type PortSpec = number | string;

export interface ForwardRule {
  protocol: Protocol;
  hostPort: PortSpec;
  /** For a range: the same range (nftables keeps the port numbers). */
  guestPort: PortSpec;
  /** Absent: every address of the host. */
  hostIp?: string;
}

export interface RenderedRule {
  chain: Chain;
  /** The rule without its comment, in nft's own listing syntax (compared with what the host lists). */
  body: string;
}

/** A rule of the table as the host lists it. */
export interface TableRule {
  chain: string;
  handle: number;
  comment?: string;
  /** Canonical text of the rule's expressions (same syntax as RenderedRule.body). */
  body: string;
}

export const FORWARD_ID = /^pf-[0-9a-f]{12}$/;

export function ruleComment(forwardId: string): string {
  return `voidvm:${forwardId}`;
}

/** The forward id in a rule's comment, if the rule is a VoidVM port-forward rule. */
export function forwardIdOf(comment: string | undefined): string | undefined {
  const match = /^voidvm:(pf-[0-9a-f]{12})$/.exec(comment ?? "");
  return match?.[1];
}

export function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && ip.startsWith("127.");
}

export function portRange(port: PortSpec): [number, number] {
  if (typeof port === "number") return [port, port];
  const [from, to] = port.split("-").map(Number);
  return [from ?? 0, to ?? from ?? 0];
}

function portText(port: PortSpec): string {
  const [from, to] = portRange(port);
  return from === to ? String(from) : `${from}-${to}`;
}

function isRange(port: PortSpec): boolean {
  const [from, to] = portRange(port);
  return from !== to;
}

/** Pure: the rules that forward `rules` to `guestIp`, in a fixed order, without duplicates. */
export function renderForwardRules(rules: ForwardRule[], guestIp: string): RenderedRule[] {
  const out: RenderedRule[] = [];
  const add = (chain: Chain, body: string) => {
    if (!out.some((r) => r.chain === chain && r.body === body)) out.push({ chain, body });
  };
  for (const rule of rules) {
    const all = rule.hostIp === undefined;
    const loopback = isLoopback(rule.hostIp);
    const local = all ? "fib daddr type local" : `ip daddr ${rule.hostIp} fib daddr type local`;
    const dport = `${rule.protocol} dport ${portText(rule.hostPort)}`;
    const target = isRange(rule.hostPort) ? guestIp : `${guestIp}:${portText(rule.guestPort)}`;
    const guestMatch = `ip daddr ${guestIp} ${rule.protocol} dport ${portText(rule.guestPort)}`;
    if (!loopback) add("prerouting", `${local} ${dport} dnat to ${target}`);
    add("output", `${local} ${dport} dnat to ${target}`);
    if (all || loopback) add("postrouting", `ip saddr 127.0.0.0/8 ${guestMatch} masquerade`);
    if (!loopback) add("forward", `${guestMatch} ct state new accept`);
  }
  return out;
}

/** The table with its base chains; declaring it again is a no-op, so it starts every transaction. */
export function tableSkeleton(): string {
  return [
    `table ${TABLE_FAMILY} ${TABLE_NAME} {`,
    `  chain prerouting { type nat hook prerouting priority dstnat; policy accept; }`,
    `  chain output { type nat hook output priority -100; policy accept; }`,
    `  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }`,
    `  chain forward { type filter hook forward priority filter; policy accept; }`,
    `}`,
  ].join("\n");
}

/**
 * One atomic `nft -f` transaction: delete this forward's rules (by handle) and add its new ones.
 * When nothing of anyone would be left in the table, the table goes too.
 */
export function forwardTransaction(table: TableRule[] | undefined, forwardId: string, next: RenderedRule[]): string | undefined {
  const own = (table ?? []).filter((r) => forwardIdOf(r.comment) === forwardId);
  const others = (table ?? []).filter((r) => forwardIdOf(r.comment) !== forwardId);
  if (!next.length && !own.length) return undefined;
  const key = (r: { chain: string; body: string }) => `${r.chain}\u0000${r.body}`;
  if (own.map(key).sort().join("\n") === next.map(key).sort().join("\n")) return undefined;
  if (!next.length && !others.length) return `delete table ${TABLE_FAMILY} ${TABLE_NAME}`;
  const lines = [tableSkeleton()];
  for (const rule of own) lines.push(`delete rule ${TABLE_FAMILY} ${TABLE_NAME} ${rule.chain} handle ${rule.handle}`);
  for (const rule of next) lines.push(`add rule ${TABLE_FAMILY} ${TABLE_NAME} ${rule.chain} ${rule.body} comment "${ruleComment(forwardId)}"`);
  return lines.join("\n");
}

// ------------------------------------------------------------------ reading the table back

type Json = Record<string, unknown>;

/** Rules of the VoidVM table from `nft -j -a list table ip voidvm` (undefined: no table). */
export function parseTableJson(text: string): TableRule[] | undefined {
  if (!text.trim()) return undefined;
  const doc = JSON.parse(text) as { nftables?: Json[] };
  const rules: TableRule[] = [];
  for (const item of doc.nftables ?? []) {
    const rule = item.rule as Json | undefined;
    if (!rule) continue;
    rules.push({
      chain: String(rule.chain),
      handle: Number(rule.handle),
      comment: typeof rule.comment === "string" ? rule.comment : undefined,
      body: ((rule.expr as Json[] | undefined) ?? []).map(exprText).filter((t) => t !== "").join(" "),
    });
  }
  return rules;
}

/** nft JSON expression → the listing syntax VoidVM writes; anything else is `?` (never equal). */
function exprText(expr: Json): string {
  if ("counter" in expr) return "";
  if ("accept" in expr) return "accept";
  if ("masquerade" in expr) return "masquerade";
  if ("dnat" in expr) {
    const dnat = expr.dnat as Json;
    return `dnat to ${String(dnat.addr)}${dnat.port !== undefined ? `:${valueText(dnat.port)}` : ""}`;
  }
  if ("match" in expr) {
    const match = expr.match as Json;
    const left = match.left as Json;
    const right = valueText(match.right);
    if (match.op !== "==" && match.op !== "in") return "?";
    if ("payload" in left) {
      const payload = left.payload as Json;
      return `${String(payload.protocol)} ${String(payload.field)} ${right}`;
    }
    if ("fib" in left) {
      const fib = left.fib as Json;
      return `fib ${((fib.flags as string[] | undefined) ?? []).join(" . ")} ${String(fib.result)} ${right}`;
    }
    if ("ct" in left) return `ct ${String((left.ct as Json).key)} ${right}`;
  }
  return "?";
}

function valueText(value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(",");
  if (value && typeof value === "object") {
    const v = value as Json;
    if (Array.isArray(v.range)) return `${valueText(v.range[0])}-${valueText(v.range[1])}`;
    if (v.prefix && typeof v.prefix === "object") {
      const prefix = v.prefix as Json;
      return `${String(prefix.addr)}/${String(prefix.len)}`;
    }
    if (Array.isArray(v.set)) return `{ ${v.set.map(valueText).join(", ")} }`;
  }
  return "?";
}

/** A forwarded host port as found in the table: who forwards it, and where to. */
export interface ClaimedPort {
  forwardId: string;
  protocol: Protocol;
  hostIp?: string;
  hostPort: PortSpec;
  guestIp: string;
  guestPort?: PortSpec;
}

const DNAT_BODY = /^(?:ip daddr (\d+\.\d+\.\d+\.\d+) )?fib daddr type local (tcp|udp) dport (\d+(?:-\d+)?) dnat to (\d+\.\d+\.\d+\.\d+)(?::(\d+(?:-\d+)?))?$/;

/** The host ports each forward's `output` rules claim (every forward rule has one there). */
export function claimedPorts(table: TableRule[] | undefined): ClaimedPort[] {
  const claims: ClaimedPort[] = [];
  for (const rule of table ?? []) {
    const forwardId = forwardIdOf(rule.comment);
    if (!forwardId || rule.chain !== "output") continue;
    const m = DNAT_BODY.exec(rule.body);
    if (!m) continue;
    claims.push({
      forwardId,
      protocol: m[2] as Protocol,
      hostIp: m[1],
      hostPort: toPortSpec(m[3] ?? "0"),
      guestIp: m[4] ?? "",
      guestPort: m[5] !== undefined ? toPortSpec(m[5]) : undefined,
    });
  }
  return claims;
}

function toPortSpec(text: string): PortSpec {
  const [from, to] = portRange(text);
  return from === to ? from : `${from}-${to}`;
}

/**
 * What a forward looks like on the host now: its rules (as ForwardRules, in table order) and the
 * address they send to. A rule whose companions (prerouting, postrouting, forward) are missing
 * or different does not count: it shows as drift.
 */
export function observedForward(table: TableRule[] | undefined, forwardId: string): { rules: ForwardRule[]; guestIp?: string } {
  const own = (table ?? []).filter((r) => forwardIdOf(r.comment) === forwardId);
  const present = new Set(own.map((r) => `${r.chain}\u0000${r.body}`));
  const rules: ForwardRule[] = [];
  let guestIp: string | undefined;
  for (const claim of claimedPorts(own)) {
    const rule: ForwardRule = {
      protocol: claim.protocol,
      hostPort: claim.hostPort,
      guestPort: claim.guestPort ?? claim.hostPort,
      ...(claim.hostIp !== undefined ? { hostIp: claim.hostIp } : {}),
    };
    const complete = renderForwardRules([rule], claim.guestIp).every((r) => present.has(`${r.chain}\u0000${r.body}`));
    if (!complete) continue;
    rules.push(rule);
    guestIp ??= claim.guestIp;
  }
  return { rules, guestIp };
}

// ------------------------------------------------------------------ conflicts

function portsOverlap(a: PortSpec, b: PortSpec): boolean {
  const [a1, a2] = portRange(a);
  const [b1, b2] = portRange(b);
  return a1 <= b2 && b1 <= a2;
}

/** Two host addresses overlap when either is "all", or they are the same. */
export function addressesOverlap(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export function describeHostPort(rule: { protocol: Protocol; hostPort: PortSpec; hostIp?: string }): string {
  return `${rule.protocol} port ${portText(rule.hostPort)} on ${rule.hostIp ?? "all host addresses"}`;
}

/** Messages for every rule of `rules` that another forward in the table already claims. */
export function forwardConflicts(table: TableRule[] | undefined, forwardId: string, rules: ForwardRule[]): string[] {
  const problems: string[] = [];
  const others = claimedPorts(table).filter((c) => c.forwardId !== forwardId);
  for (const rule of rules) {
    const clash = others.find((c) => c.protocol === rule.protocol && portsOverlap(c.hostPort, rule.hostPort) && addressesOverlap(c.hostIp, rule.hostIp));
    if (clash) {
      problems.push(
        `${describeHostPort(rule)} is already forwarded by another VoidVM PortForward ` +
          `(its rules are tagged "${ruleComment(clash.forwardId)}" in nftables table ${TABLE_FAMILY} ${TABLE_NAME}; it forwards ${describeHostPort(clash)} to ${clash.guestIp}). ` +
          `A host port can be forwarded only once: choose another hostPort, or remove the other forward first.`,
      );
    }
  }
  return problems;
}

// ------------------------------------------------------------------ libvirt's firewall

/**
 * libvirt 9's NAT networks (iptables backend) reject new connections into the network in their
 * own FORWARD chain (LIBVIRT_FWI), and an accept in another table cannot override a reject. So
 * for connections from other machines, each `forward` rule is mirrored by an iptables rule at the
 * top of FORWARD, tagged with the same comment. These are its arguments after `-I FORWARD 1`.
 */
export function iptablesOpenings(forwardId: string, rendered: RenderedRule[]): string[] {
  const specs: string[] = [];
  for (const rule of rendered) {
    if (rule.chain !== "forward") continue;
    const m = /^ip daddr (\S+) (tcp|udp) dport (\d+(?:-\d+)?) ct state new accept$/.exec(rule.body);
    if (!m) continue;
    specs.push(`-d ${m[1]}/32 -p ${m[2]} -m ${m[2]} --dport ${(m[3] ?? "").replace("-", ":")} -m conntrack --ctstate NEW -m comment --comment ${ruleComment(forwardId)} -j ACCEPT`);
  }
  return specs;
}

/** The openings of one forward as `iptables -S FORWARD` shows them (comment quotes dropped). */
export function openingsOf(iptablesRules: string, forwardId: string): string[] {
  const tag = ruleComment(forwardId);
  return iptablesRules
    .split("\n")
    .map((line) => line.trim().replace(/"/g, ""))
    .filter((line) => line.startsWith("-A FORWARD ") && line.split(" ").includes(tag))
    .map((line) => line.slice("-A FORWARD ".length));
}
