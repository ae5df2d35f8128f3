import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { closeAllConnections, openConnectionCount } from "../../../provider/transport/connection-pool";
import { RemoteCommandError } from "../../../provider/transport/remote-error";
import { RemoteHost } from "../../../provider/transport/remote-host";
import { resetTransportStats, transportStats } from "../../../provider/transport/stats";
import { HOSTILE_STRINGS, PWNED_CHECK } from "../../support/hostile-strings";
import { labConnection, labHost, REPO_ROOT } from "../../support/lab";

describe("SSH transport against the lab's sshd", function () {
  this.timeout(120_000);
  beforeEach(() => {
    closeAllConnections();
    resetTransportStats();
  });
  after(() => closeAllConnections());

  it("connects with host key verification on and reaches libvirt", async () => {
    const host = labHost();
    const result = await host.run(["virsh", "-c", host.uri, "uri"]);
    assert.equal(result.stdout.trim(), "qemu:///system");
    assert.equal(result.exitCode, 0);
  });

  it("runs 30 concurrent commands over one pooled connection when maxConnections is 1", async () => {
    const host = labHost({ maxConnections: 1 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => host.run(["sh", "-c", 'sleep 0.3; echo "$0"', `job-${i}`])),
    );
    results.forEach((r, i) => assert.equal(r.stdout.trim(), `job-${i}`));
    assert.equal(transportStats().connectionsOpened, 1, "all 30 commands share one connection");
    assert.equal(transportStats().execs, 30);
  });

  it("opens another connection only when every connection carries maxChannels commands", async () => {
    const host = labHost();
    const job = (i: number) => host.run(["sh", "-c", 'sleep 0.5; echo "$0"', `job-${i}`]);
    await Promise.all(Array.from({ length: 8 }, (_, i) => job(i)));
    assert.equal(transportStats().connectionsOpened, 1, "8 commands at once fit on one connection");
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => job(i)));
    results.forEach((r, i) => assert.equal(r.stdout.trim(), `job-${i}`));
    // 30 at once need ceil(30 / 8) = 4 connections: the one open already and 3 more, and no more.
    assert.equal(transportStats().connectionsOpened, 4);
    assert.equal(openConnectionCount(labConnection()), 4);
  });

  it("a command cut by closeAllConnections leaves the connections opened after it alone", async () => {
    const host = labHost();
    const cut = host.run(["sleep", "2"]).then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    closeAllConnections();
    assert.ok((await cut) instanceof Error, "the command on the closed connection failed");
    // Its slot was given back to the closed pool entry: that must not close the new one when the
    // idle time (30 s) has passed while this command runs on it.
    const later = await host.run(["sh", "-c", "sleep 35; echo done"], { timeoutMs: 60_000 });
    assert.equal(later.stdout.trim(), "done");
  });

  it("refuses a host key mismatch and shows the fingerprint it saw", async () => {
    const host = new RemoteHost(labConnection({ hostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }));
    await assert.rejects(host.run(["true"]), (error: Error) => {
      assert.match(error.message, /Host key verification failed/);
      assert.match(error.message, /presented SHA256:[A-Za-z0-9+/]{43}/);
      assert.match(error.message, /hostKey/);
      return true;
    });
    assert.equal(transportStats().connectionsOpened, 0);
  });

  it("refuses a wrong private key with a clear message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vv-key-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "id")]);
    const host = new RemoteHost(labConnection({ privateKeyPath: join(dir, "id") }));
    await assert.rejects(host.run(["true"]), /SSH authentication as voidvm@127\.0\.0\.1:\d+ failed: the host refused every credential/);
  });

  it("leaves nothing running: a process using the pool, and one that failed to connect, exit by themselves", () => {
    const script = `
      const { RemoteHost } = require(${JSON.stringify(join(REPO_ROOT, "dist/provider/transport/remote-host"))});
      const good = new RemoteHost(${JSON.stringify(labConnection())});
      const bad = new RemoteHost(${JSON.stringify(labConnection({ hostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }))});
      good.run(["true"]).then(() => bad.run(["true"])).catch((e) => console.log("refused:", e.message.split(":")[0]));
    `;
    const started = Date.now();
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
    assert.equal(child.signal, null, "the process exited on its own instead of being killed by the timeout");
    assert.match(child.stdout, /refused: Host key verification failed/);
    assert.ok(Date.now() - started < 20_000);
  });

  it("carries hostile arguments exactly and never runs them as commands", async () => {
    const host = labHost();
    for (const value of HOSTILE_STRINGS) {
      const result = await host.run(["printf", "%s", value]);
      assert.equal(result.stdout, value);
    }
    const check = await host.run(["sh", "-c", PWNED_CHECK]);
    assert.equal(check.stdout.trim(), "clean");
  });

  it("runs scripts with their arguments as $1.., exactly", async () => {
    const result = await labHost().run(["sh", "-c", 'printf "%s|%s" "$1" "$2"', "sh", "a b", "$(id)"]);
    assert.equal(result.stdout, "a b|$(id)");
  });

  it("reports failures as RemoteCommandError with exit code and stderr", async () => {
    await assert.rejects(labHost().run(["sh", "-c", "echo oops >&2; exit 3"]), (error: unknown) => {
      assert.ok(error instanceof RemoteCommandError);
      assert.equal(error.exitCode, 3);
      assert.equal(error.stderr, "oops");
      assert.equal(error.timedOut, false);
      return true;
    });
  });

  it("times out a command that runs too long", async () => {
    await assert.rejects(labHost().run(["sleep", "5"], { timeoutMs: 500 }), (error: unknown) => {
      assert.ok(error instanceof RemoteCommandError);
      assert.equal(error.timedOut, true);
      return true;
    });
  });
});
