import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { createSocket } from "dgram";
import { existsSync, readFileSync } from "fs";
import { configureProvider } from "../../provider/config/configure";
import { gracefulStop } from "../../provider/libvirt/lifecycle";
import { virsh } from "../../provider/libvirt/virsh";
import { BOOT_HOOK_PATH, bootHookScript, RULES_FILE } from "../../provider/nft/boot-hook";
import { renderForwardRules } from "../../provider/nft/forward-rules";
import { applyForward } from "../../provider/nft/voidvm-table";
import { checkPortForward } from "../../provider/resources/port-forward/check";
import type { PortForwardInputs } from "../../provider/resources/port-forward/schema";
import { createPortForward } from "../../provider/resources/port-forward/create";
import { deletePortForward } from "../../provider/resources/port-forward/delete";
import { diffPortForward } from "../../provider/resources/port-forward/diff";
import type { PortForwardOutputs } from "../../provider/resources/port-forward/outputs";
import { readPortForward } from "../../provider/resources/port-forward/read";
import { updatePortForward } from "../../provider/resources/port-forward/update";
import { checkVm } from "../../provider/resources/vm/check";
import { createVm } from "../../provider/resources/vm/create";
import { deleteVm } from "../../provider/resources/vm/delete";
import type { VmOutputs } from "../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { guestVmInputs, httpGet } from "../support/guest";
import { labConnection, labHost, labSettings, testName } from "../support/lab";
import { restartLibvirtd } from "../support/libvirtd";

/** The host's address on the lab network (virbr0): a non-loopback address of the host. */
const HOST_EXTERNAL = "192.168.122.1";

function forwardInputs(extra: Record<string, unknown>): PortForwardInputs {
  const outcome = checkPortForward({}, { connection: labConnection(), ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

/** One datagram to host:port and its echo back (the guest runs a UDP echo on :7). */
async function udpEcho(host: string, port: number, timeoutMs = 60_000): Promise<string> {
  const payload = `voidvm-${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await new Promise<string | undefined>((resolve) => {
      const socket = createSocket("udp4");
      const timer = setTimeout(() => {
        socket.close();
        resolve(undefined);
      }, 2000);
      socket.on("message", (message) => {
        clearTimeout(timer);
        socket.close();
        resolve(message.toString());
      });
      socket.send(payload, port, host);
    });
    if (answer !== undefined) {
      assert.equal(answer, payload, "the echo carries the same bytes back");
      return answer;
    }
  }
  throw new Error(`No UDP echo from ${host}:${port} within ${timeoutMs} ms`);
}

async function nftTable(): Promise<string> {
  const result = await labHost().run(["nft", "-a", "list", "table", "ip", "voidvm"], { sudo: true, allowFailure: true });
  return result.exitCode === 0 ? result.stdout : "";
}

async function forwardOpenings(forwardId: string): Promise<string[]> {
  const text = (await labHost().run(["iptables", "-w", "-S", "FORWARD"], { sudo: true })).stdout;
  return text.split("\n").filter((l) => l.includes(`voidvm:${forwardId}`));
}


/** An "outside" client: a network namespace joined to the host by a veth pair (never a real outside address). */
class OutsideClient {
  readonly ns: string;
  readonly hostSide: string;
  readonly hostAddress: string;
  private readonly clientAddress: string;

  constructor() {
    const tag = `${process.pid % 10000}${Math.floor(Math.random() * 100)}`;
    this.ns = `vvt-pf-${tag}`;
    this.hostSide = `vvh${tag}`;
    const subnet = 100 + Math.floor(Math.random() * 100);
    this.hostAddress = `10.231.${subnet}.1`;
    this.clientAddress = `10.231.${subnet}.2`;
  }

  up(): void {
    const run = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    run("netns", "add", this.ns);
    run("link", "add", this.hostSide, "type", "veth", "peer", "name", "vvc0", "netns", this.ns);
    run("addr", "add", `${this.hostAddress}/24`, "dev", this.hostSide);
    run("link", "set", this.hostSide, "up");
    run("-n", this.ns, "addr", "add", `${this.clientAddress}/24`, "dev", "vvc0");
    run("-n", this.ns, "link", "set", "vvc0", "up");
    run("-n", this.ns, "link", "set", "lo", "up");
    run("-n", this.ns, "route", "add", "default", "via", this.hostAddress);
  }

  get(url: string): string {
    return execFileSync("ip", ["netns", "exec", this.ns, "curl", "-s", "-m", "10", url], { encoding: "utf8" });
  }

  down(): void {
    execFileSync("ip", ["link", "del", this.hostSide], { stdio: "ignore" });
    execFileSync("ip", ["netns", "del", this.ns], { stdio: "ignore" });
  }
}

describe("PortForward on the lab (real nftables, a real guest)", function () {
  this.timeout(900_000);
  const base = 20000 + Math.floor(Math.random() * 4000) * 10;
  const [tcpAll, tcpLocal, udpAll, spare] = [base, base + 1, base + 2, base + 3];
  let vm: VmOutputs | undefined;
  let vmName = "";
  let guestIp = "";
  let inputs: PortForwardInputs;
  let forward: PortForwardOutputs | undefined;

  before(async () => {
    await configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) });
    const outcome = checkVm({}, guestVmInputs(testName("pf"), { connection: labConnection() }));
    if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
    vmName = outcome.inputs.name;
    vm = (await createVm(outcome.inputs)).outs;
    guestIp = vm.ipAddresses[0] ?? "";
    assert.ok(guestIp);
    inputs = forwardInputs({
      vm: vmName,
      rules: [
        { protocol: "tcp", hostPort: tcpAll, guestPort: 80 },
        { protocol: "tcp", hostPort: tcpLocal, guestPort: 80, hostIp: "127.0.0.1" },
        { protocol: "udp", hostPort: udpAll, guestPort: 7 },
      ],
    });
  });

  after(async () => {
    if (forward) await deletePortForward(forward).catch(() => undefined);
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  async function assertForwardWorks(what: string): Promise<void> {
    assert.match(await httpGet(`http://${HOST_EXTERNAL}:${tcpAll}/`, 120_000), /voidvm test guest/, `${what}: TCP on the host's external address`);
    assert.match(await httpGet(`http://127.0.0.1:${tcpAll}/`), /voidvm test guest/, `${what}: TCP on 127.0.0.1`);
    assert.match(await httpGet(`http://127.0.0.1:${tcpLocal}/`), /voidvm test guest/, `${what}: the 127.0.0.1-only rule`);
    await udpEcho("127.0.0.1", udpAll);
    await udpEcho(HOST_EXTERNAL, udpAll);
  }

  async function assertNoDrift(): Promise<void> {
    assert.ok(forward);
    const read = await readPortForward(forward.forwardId, forward);
    const diff = diffPortForward(read.props, inputs);
    assert.equal(diff.changes, false, `drift: ${JSON.stringify(diff.detailedDiff)} ${JSON.stringify(read.props)}`);
  }

  it("forwards TCP (external address and 127.0.0.1) and UDP to the guest, with rules tagged with its id and saved for boot", async () => {
    const { id, outs } = await createPortForward(inputs);
    forward = outs;
    assert.match(id, /^pf-[0-9a-f]{12}$/);
    assert.equal(outs.forwardedTo, guestIp);
    assert.equal(outs.guestAddress, guestIp);
    assert.deepEqual(outs.rules, inputs.rules);
    await assertForwardWorks("after create");

    const table = await nftTable();
    const tagged = table.split("\n").filter((l) => l.includes(`comment "voidvm:${id}"`));
    assert.ok(tagged.length >= 8, `every rule is tagged:\n${table}`);
    assert.ok(tagged.every((l) => /# handle \d+$/.test(l.trim())));
    // The test runs on the lab host as root: the file is root's (mode 600).
    const saved = readFileSync(RULES_FILE, "utf8");
    assert.ok(saved.includes(`voidvm:${id}`), "the table is saved for the next boot");
    assert.equal(readFileSync(BOOT_HOOK_PATH, "utf8"), bootHookScript(), "the boot hook is installed");
    await assertNoDrift();
  });

  it("reaches the guest from another machine (a client in its own network namespace), through libvirt's firewall", async () => {
    assert.ok(forward);
    assert.equal((await forwardOpenings(forward.forwardId)).length, 2, "iptables openings for the TCP and UDP guest ports");
    const client = new OutsideClient();
    client.up();
    try {
      assert.match(client.get(`http://${client.hostAddress}:${tcpAll}/`), /voidvm test guest/);
    } finally {
      client.down();
    }
  });

  it("refuses a host port another PortForward holds, and one a process listens on, changing nothing", async () => {
    const before = await nftTable();
    await assert.rejects(
      createPortForward(forwardInputs({ vm: vmName, rules: [{ hostPort: spare, guestPort: 80 }, { hostPort: tcpAll, guestPort: 8080, hostIp: "127.0.0.1" }] })),
      (error: Error) => {
        assert.match(error.message, new RegExp(`tcp port ${tcpAll} on 127\\.0\\.0\\.1 is already forwarded by another VoidVM PortForward`));
        assert.match(error.message, /Nothing was changed/);
        return true;
      },
    );
    const sshPort = labSettings().port;
    await assert.rejects(createPortForward(forwardInputs({ vm: vmName, rules: [{ hostPort: sshPort, guestPort: 22 }] })), new RegExp(`already in use on the host: a process listens on tcp 127\\.0\\.0\\.1:${sshPort}`));
    assert.equal(await nftTable(), before, "the table is exactly as it was");
    await assertForwardWorks("after the refusals");
  });

  it("two forwards of the same host port applied at the same moment: exactly one wins", async () => {
    const race = [spare, spare].map((hostPort) => createPortForward(forwardInputs({ vm: vmName, rules: [{ hostPort, guestPort: 80 }] })));
    const results = await Promise.allSettled(race);
    const won = results.filter((r): r is PromiseFulfilledResult<{ id: string; outs: PortForwardOutputs }> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    try {
      assert.equal(won.length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.match(String((lost[0]?.reason as Error | undefined)?.message), /already forwarded by another VoidVM PortForward/);
      assert.match(await httpGet(`http://127.0.0.1:${spare}/`), /voidvm test guest/);
    } finally {
      for (const w of won) await deletePortForward(w.value.outs);
    }
  });

  it("keeps working after virsh reboot, shutdown + start, and managed save + restore", async () => {
    const host = labHost();
    const bootId = async () => (await httpGet(`http://${HOST_EXTERNAL}:${tcpAll}/cgi-bin/boot-id`, 120_000)).trim();
    let boot = await bootId();
    await virsh(host, ["reboot", "--", vmName]);
    for (let i = 0; i < 120 && (await bootId().catch(() => boot)) === boot; i++) await new Promise((r) => setTimeout(r, 1000));
    assert.notEqual(await bootId(), boot, "the guest rebooted");
    await assertForwardWorks("after virsh reboot");

    boot = await bootId();
    await gracefulStop(host, vmName, 30);
    await virsh(host, ["start", "--", vmName]);
    assert.notEqual(await bootId(), boot, "the guest booted again");
    await assertForwardWorks("after shutdown + start");

    boot = await bootId();
    await virsh(host, ["managedsave", "--", vmName], { timeoutMs: 300_000 });
    await virsh(host, ["start", "--", vmName], { timeoutMs: 300_000 });
    assert.equal(await bootId(), boot, "restored, not rebooted");
    await assertForwardWorks("after managed save + restore");
    await assertNoDrift();
  });

  it("keeps working after a restart of libvirtd, from the host and from another machine", async () => {
    assert.ok(forward);
    await restartLibvirtd();
    await assertForwardWorks("after the libvirtd restart");
    assert.equal((await forwardOpenings(forward.forwardId)).length, 2, "libvirt left the openings alone");
    const client = new OutsideClient();
    client.up();
    try {
      assert.match(client.get(`http://${client.hostAddress}:${tcpAll}/`), /voidvm test guest/);
    } finally {
      client.down();
    }
    await assertNoDrift();
  });

  it("after a host reboot (table and openings gone), the boot hook restores them when the VM starts", async () => {
    assert.ok(forward);
    // What a reboot leaves: no nftables table, no iptables rules. libvirtd (restarted by the
    // previous test) knows the hook installed before it started, as after a real boot.
    for (const spec of await forwardOpenings(forward.forwardId)) {
      execFileSync("iptables", ["-w", "-D", ...spec.replace(/^-A /, "").replace(/"/g, "").split(" ")]);
    }
    execFileSync("nft", ["delete", "table", "ip", "voidvm"]);
    await virsh(labHost(), ["destroy", "--", vmName]);
    await virsh(labHost(), ["start", "--", vmName]);
    assert.match(await nftTable(), new RegExp(`voidvm:${forward.forwardId}`), "the hook loaded the saved table");
    assert.equal((await forwardOpenings(forward.forwardId)).length, 2, "and put back the openings");
    await assertForwardWorks("after the simulated reboot");
  });

  it("refresh shows drift when the rules point at a stale address; the update points them at the guest again", async () => {
    assert.ok(forward);
    await applyForward(labHost(), forward.forwardId, renderForwardRules(inputs.rules, "192.168.122.254"));
    const read = await readPortForward(forward.forwardId, forward);
    assert.equal(read.props.forwardedTo, "192.168.122.254");
    assert.equal(read.props.guestAddress, guestIp);
    const diff = diffPortForward(read.props, inputs);
    assert.equal(diff.changes, true);
    assert.equal(diff.detailedDiff.guestIp?.kind, "update");
    forward = await updatePortForward(read.props, inputs);
    assert.equal(forward.forwardedTo, guestIp);
    await assertForwardWorks("after the update");
    await assertNoDrift();
  });

  it("delete removes exactly its own rules: another forward keeps working; the last one takes the table and the boot file", async () => {
    assert.ok(forward);
    const other = (await createPortForward(forwardInputs({ vm: vmName, rules: [{ hostPort: spare, guestPort: 80 }] }))).outs;
    try {
      await deletePortForward(forward);
      const table = await nftTable();
      assert.doesNotMatch(table, new RegExp(`voidvm:${forward.forwardId}`));
      assert.deepEqual(await forwardOpenings(forward.forwardId), []);
      assert.match(table, new RegExp(`voidvm:${other.forwardId}`));
      assert.match(await httpGet(`http://127.0.0.1:${spare}/`), /voidvm test guest/);
      forward = undefined;
    } finally {
      await deletePortForward(other);
    }
    const table = await nftTable();
    assert.doesNotMatch(table, /voidvm:pf-/, "no VoidVM port-forward rule is left");
    assert.deepEqual(await forwardOpenings(other.forwardId), []);
    if (table === "") assert.equal(existsSync(RULES_FILE), false, "no table, no boot file");
  });
});
