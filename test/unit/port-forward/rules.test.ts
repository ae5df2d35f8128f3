import { strict as assert } from "assert";
import {
  claimedPorts,
  forwardConflicts,
  forwardTransaction,
  iptablesOpenings,
  observedForward,
  openingsOf,
  parseTableJson,
  renderForwardRules,
  type ForwardRule,
  type TableRule,
} from "../../../provider/nft/forward-rules";
import { listenerConflicts, parseListeners } from "../../../provider/nft/listeners";
import { parseSnapshot } from "../../../provider/nft/voidvm-table";

const ID = "pf-0123456789ab";
const OTHER = "pf-ba9876543210";
const G = "192.168.122.55";

/** A table as the host would list it after VoidVM wrote `rules` for each forward. */
function table(forwards: Array<[string, ForwardRule[], string]>): TableRule[] {
  let handle = 5;
  const out: TableRule[] = [];
  for (const [id, rules, ip] of forwards) {
    for (const r of renderForwardRules(rules, ip)) out.push({ chain: r.chain, handle: handle++, comment: `voidvm:${id}`, body: r.body });
  }
  return out;
}

describe("port-forward rules", () => {
  it("renders the verified shapes: DNAT in prerouting and output, masquerade from loopback, a forward accept", () => {
    const rules = renderForwardRules([{ protocol: "tcp", hostPort: 8080, guestPort: 80 }], G);
    assert.deepEqual(rules, [
      { chain: "prerouting", body: `fib daddr type local tcp dport 8080 dnat to ${G}:80` },
      { chain: "output", body: `fib daddr type local tcp dport 8080 dnat to ${G}:80` },
      { chain: "postrouting", body: `ip saddr 127.0.0.0/8 ip daddr ${G} tcp dport 80 masquerade` },
      { chain: "forward", body: `ip daddr ${G} tcp dport 80 ct state new accept` },
    ]);
  });

  it("a 127.0.0.1 forward only answers the host itself; a range keeps its port numbers", () => {
    assert.deepEqual(renderForwardRules([{ protocol: "udp", hostPort: 2222, guestPort: 22, hostIp: "127.0.0.1" }], G), [
      { chain: "output", body: `ip daddr 127.0.0.1 fib daddr type local udp dport 2222 dnat to ${G}:22` },
      { chain: "postrouting", body: `ip saddr 127.0.0.0/8 ip daddr ${G} udp dport 22 masquerade` },
    ]);
    const range = renderForwardRules([{ protocol: "tcp", hostPort: "8000-8010", guestPort: "8000-8010", hostIp: "10.0.0.5" }], G);
    assert.equal(range[0]?.body, `ip daddr 10.0.0.5 fib daddr type local tcp dport 8000-8010 dnat to ${G}`);
    assert.equal(range.some((r) => r.chain === "postrouting"), false, "no masquerade for a non-loopback address");
  });

  it("a change is one transaction that deletes only this forward's rules by handle", () => {
    const current = table([
      [ID, [{ protocol: "tcp", hostPort: 8080, guestPort: 80 }], G],
      [OTHER, [{ protocol: "tcp", hostPort: 9090, guestPort: 90 }], "192.168.122.7"],
    ]);
    const text = forwardTransaction(current, ID, renderForwardRules([{ protocol: "tcp", hostPort: 8080, guestPort: 80 }], "192.168.122.66")) ?? "";
    const ownHandles = current.filter((r) => r.comment === `voidvm:${ID}`).map((r) => r.handle);
    const otherHandles = current.filter((r) => r.comment === `voidvm:${OTHER}`).map((r) => r.handle);
    for (const h of ownHandles) assert.match(text, new RegExp(`delete rule ip voidvm \\w+ handle ${h}\\n`));
    for (const h of otherHandles) assert.doesNotMatch(text, new RegExp(`handle ${h}\\b`));
    assert.match(text, /^table ip voidvm \{/);
    assert.match(text, /add rule ip voidvm output fib daddr type local tcp dport 8080 dnat to 192\.168\.122\.66:80 comment "voidvm:pf-0123456789ab"/);
  });

  it("does nothing when the rules are already there, and drops the table with the last forward", () => {
    const rules: ForwardRule[] = [{ protocol: "tcp", hostPort: 8080, guestPort: 80 }];
    assert.equal(forwardTransaction(table([[ID, rules, G]]), ID, renderForwardRules(rules, G)), undefined);
    assert.equal(forwardTransaction(table([[ID, rules, G]]), ID, []), "delete table ip voidvm");
    assert.match(forwardTransaction(table([[ID, rules, G], [OTHER, [{ protocol: "udp", hostPort: 7, guestPort: 7 }], G]]), ID, []) ?? "", /^table ip voidvm[\s\S]*delete rule/);
    assert.equal(forwardTransaction(undefined, ID, []), undefined);
  });

  it("reads the rules back from nft's JSON exactly as it writes them", () => {
    // Real output of `nft -j -a list table` (nftables 1.0.6) for rules VoidVM wrote.
    const json = JSON.stringify({
      nftables: [
        { metainfo: { version: "1.0.6", json_schema_version: 1 } },
        { table: { family: "ip", name: "voidvm", handle: 12 } },
        { rule: { family: "ip", table: "voidvm", chain: "prerouting", handle: 5, comment: `voidvm:${ID}`, expr: [
          { match: { op: "==", left: { fib: { result: "type", flags: ["daddr"] } }, right: "local" } },
          { match: { op: "==", left: { payload: { protocol: "tcp", field: "dport" } }, right: 8080 } },
          { dnat: { addr: G, port: 80 } },
        ] } },
        { rule: { family: "ip", table: "voidvm", chain: "output", handle: 6, comment: `voidvm:${ID}`, expr: [
          { match: { op: "==", left: { fib: { result: "type", flags: ["daddr"] } }, right: "local" } },
          { match: { op: "==", left: { payload: { protocol: "tcp", field: "dport" } }, right: 8080 } },
          { dnat: { addr: G, port: 80 } },
        ] } },
        { rule: { family: "ip", table: "voidvm", chain: "postrouting", handle: 7, comment: `voidvm:${ID}`, expr: [
          { match: { op: "==", left: { payload: { protocol: "ip", field: "saddr" } }, right: { prefix: { addr: "127.0.0.0", len: 8 } } } },
          { match: { op: "==", left: { payload: { protocol: "ip", field: "daddr" } }, right: G } },
          { match: { op: "==", left: { payload: { protocol: "tcp", field: "dport" } }, right: 80 } },
          { masquerade: null },
        ] } },
        { rule: { family: "ip", table: "voidvm", chain: "forward", handle: 8, comment: `voidvm:${ID}`, expr: [
          { match: { op: "==", left: { payload: { protocol: "ip", field: "daddr" } }, right: G } },
          { match: { op: "==", left: { payload: { protocol: "tcp", field: "dport" } }, right: 80 } },
          { match: { op: "in", left: { ct: { key: "state" } }, right: "new" } },
          { accept: null },
        ] } },
        { rule: { family: "ip", table: "voidvm", chain: "output", handle: 9, comment: `voidvm:${OTHER}`, expr: [
          { match: { op: "==", left: { payload: { protocol: "ip", field: "daddr" } }, right: "127.0.0.1" } },
          { match: { op: "==", left: { fib: { result: "type", flags: ["daddr"] } }, right: "local" } },
          { match: { op: "==", left: { payload: { protocol: "udp", field: "dport" } }, right: { range: [7000, 7010] } } },
          { dnat: { addr: "192.168.122.7" } },
        ] } },
      ],
    });
    const rules = parseTableJson(json);
    assert.deepEqual(
      rules?.filter((r) => r.comment === `voidvm:${ID}`).map((r) => ({ chain: r.chain, body: r.body })),
      renderForwardRules([{ protocol: "tcp", hostPort: 8080, guestPort: 80 }], G),
    );
    assert.deepEqual(observedForward(rules, ID), { rules: [{ protocol: "tcp", hostPort: 8080, guestPort: 80 }], guestIp: G });
    assert.deepEqual(claimedPorts(rules).find((c) => c.forwardId === OTHER), {
      forwardId: OTHER, protocol: "udp", hostIp: "127.0.0.1", hostPort: "7000-7010", guestIp: "192.168.122.7", guestPort: undefined,
    });
    assert.equal(parseTableJson(""), undefined, "no table");
  });

  it("a rule whose companions are gone counts as missing (drift)", () => {
    const rules = table([[ID, [{ protocol: "tcp", hostPort: 8080, guestPort: 80 }], G]]).filter((r) => r.chain !== "prerouting");
    assert.deepEqual(observedForward(rules, ID).rules, []);
  });

  it("refuses a host port another forward holds (overlapping ranges and addresses included), naming it", () => {
    const current = table([[OTHER, [{ protocol: "tcp", hostPort: "8000-8010", guestPort: "8000-8010" }], "192.168.122.7"]]);
    const [problem] = forwardConflicts(current, ID, [{ protocol: "tcp", hostPort: 8005, guestPort: 80, hostIp: "127.0.0.1" }]);
    assert.match(problem ?? "", /tcp port 8005 on 127\.0\.0\.1 is already forwarded by another VoidVM PortForward/);
    assert.match(problem ?? "", /voidvm:pf-ba9876543210/);
    assert.match(problem ?? "", /choose another hostPort/);
    assert.deepEqual(forwardConflicts(current, ID, [{ protocol: "udp", hostPort: 8005, guestPort: 80 }]), []);
    assert.deepEqual(forwardConflicts(current, OTHER, [{ protocol: "tcp", hostPort: 8005, guestPort: 80 }]), [], "its own rules are no conflict");
  });

  it("mirrors forward accepts as iptables openings, and finds them in iptables -S output", () => {
    const specs = iptablesOpenings(ID, renderForwardRules([{ protocol: "udp", hostPort: "7000-7001", guestPort: "7000-7001" }], G));
    assert.deepEqual(specs, [`-d ${G}/32 -p udp -m udp --dport 7000:7001 -m conntrack --ctstate NEW -m comment --comment voidvm:${ID} -j ACCEPT`]);
    const listing = [
      "-P FORWARD ACCEPT",
      `-A FORWARD -d ${G}/32 -p udp -m udp --dport 7000:7001 -m conntrack --ctstate NEW -m comment --comment "voidvm:${ID}" -j ACCEPT`,
      `-A FORWARD -d ${G}/32 -p tcp -m tcp --dport 80 -m conntrack --ctstate NEW -m comment --comment "voidvm:${OTHER}" -j ACCEPT`,
      "-A FORWARD -j LIBVIRT_FWX",
    ].join("\n");
    assert.deepEqual(openingsOf(listing, ID), specs);
  });
});

describe("listening processes", () => {
  const listeners = parseListeners(
    [
      "udp UNCONN 0      0       192.168.122.1:53    0.0.0.0:*",
      "udp UNCONN 0      0      0.0.0.0%virbr0:67    0.0.0.0:*",
      "tcp LISTEN 0      128         127.0.0.1:2222  0.0.0.0:*",
      "tcp LISTEN 0      128              [::]:22       [::]:*",
      "tcp LISTEN 0      128             [::1]:631      [::]:*",
    ].join("\n"),
  );

  it("parses ss -Hlntu, wildcards as every address", () => {
    assert.deepEqual(
      listeners.map((l) => [l.protocol, l.address, l.port]),
      [["udp", "192.168.122.1", 53], ["udp", undefined, 67], ["tcp", "127.0.0.1", 2222], ["tcp", undefined, 22]],
    );
  });

  it("refuses a host port a process listens on, only where the addresses overlap", () => {
    assert.match(listenerConflicts(listeners, [{ protocol: "tcp", hostPort: 2222, guestPort: 22 }])[0] ?? "", /already in use on the host: a process listens on tcp 127\.0\.0\.1:2222/);
    assert.deepEqual(listenerConflicts(listeners, [{ protocol: "tcp", hostPort: 2222, guestPort: 22, hostIp: "10.0.0.5" }]), []);
    assert.equal(listenerConflicts(listeners, [{ protocol: "tcp", hostPort: "20-30", guestPort: "20-30", hostIp: "10.0.0.5" }]).length, 1, "[::]:22 is every address");
    assert.deepEqual(listenerConflicts(listeners, [{ protocol: "tcp", hostPort: 631, guestPort: 631 }]), [], "IPv6-only");
  });

  it("splits the one-round-trip snapshot into its parts", () => {
    const snap = parseSnapshot(["abc123", "", "@@ss", "tcp LISTEN 0 128 127.0.0.1:2222 0.0.0.0:*", "@@iptables", "-P FORWARD ACCEPT", "-A FORWARD -j LIBVIRT_FWI", ""].join("\n"));
    assert.equal(snap.fingerprint, "abc123");
    assert.equal(snap.rules, undefined);
    assert.equal(snap.listeners.length, 1);
    assert.match(snap.iptables ?? "", /LIBVIRT_FWI/);
    assert.equal(parseSnapshot("x\n\n@@ss\n@@iptables\n@@none\n").iptables, undefined);
  });
});
