import { strict as assert } from "assert";
import { execFileSync, spawn, type ChildProcess } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { RemoteHost } from "../../../provider/transport/remote-host";
import { resetTransportStats, transportStats } from "../../../provider/transport/stats";
import { labConnection, labSettings } from "../../support/lab";

describe("SSH transport: jump host, agent and inline keys against the lab's sshd", function () {
  this.timeout(60_000);
  let agent: ChildProcess | undefined;
  const socket = join(mkdtempSync(join(tmpdir(), "vv-agent-")), "agent.sock");

  before(async () => {
    agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      try {
        execFileSync("ssh-add", [labSettings().privateKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: "ignore" });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error("ssh-agent did not start");
  });
  after(() => {
    agent?.kill();
    closeAllConnections();
  });
  beforeEach(() => {
    closeAllConnections();
    resetTransportStats();
  });

  it("reaches the host through a jump host, verifying both host keys", async () => {
    const { proxy: _none, sudo: _sudo, uri: _uri, ...jump } = labConnection();
    const host = new RemoteHost(labConnection({ proxy: jump }));
    assert.equal((await host.run(["virsh", "-c", host.uri, "uri"])).stdout.trim(), "qemu:///system");
    assert.equal(transportStats().connectionsOpened, 2, "one to the jump host, one through it");
    const badJump = new RemoteHost(labConnection({ proxy: { ...jump, hostKey: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } }));
    await assert.rejects(badJump.run(["true"]), /Host key verification failed/);
  });

  it("authenticates with an ssh-agent", async () => {
    const host = new RemoteHost(labConnection({ privateKeyPath: undefined, agentSocketPath: socket }));
    assert.equal((await host.run(["id", "-un"])).stdout.trim(), labSettings().user);
  });

  it("authenticates with the private key given as text", async () => {
    const key = readFileSync(labSettings().privateKeyPath, "utf8");
    const host = new RemoteHost(labConnection({ privateKeyPath: undefined, privateKey: key }));
    assert.equal((await host.run(["id", "-un"])).stdout.trim(), labSettings().user);
  });
});
