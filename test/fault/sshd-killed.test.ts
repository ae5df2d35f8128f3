import { strict as assert } from "assert";
import { spawn, type ChildProcess } from "child_process";
import { readFileSync } from "fs";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { onLabHost, testName } from "../support/lab";
import { processTree } from "../support/process-tree";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import { domainsNamed, namedVmsProgram, removeEverythingNamed, waitUntil } from "./support";

const COUNT = 3;
const SSHD_CONFIG = "/etc/voidvm-lab/sshd_config";

/** A private sshd with the lab's config and host key on its own port: killing it disturbs no other test. */
function startSshd(port: number): ChildProcess {
  const sshd = spawn("/usr/sbin/sshd", ["-D", "-f", SSHD_CONFIG, "-p", String(port), "-o", `PidFile=/run/voidvm-fault-sshd-${port}.pid`], { stdio: "ignore" });
  return sshd;
}

/** The sshd processes below `root` (the listener's per-connection processes), and root itself. */
function sshdTree(root: number): number[] {
  return processTree(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, "utf8").includes("(sshd)");
    } catch {
      return false;
    }
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const { stdout } = await onLabHost("ss -ltn | awk '{print $4}'");
    if (stdout.includes(`:${port}`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the test's sshd did not listen on port ${port}`);
}

describe("sshd killed in the middle of `pulumi up`: a clear error naming the host, and the next up converges", function () {
  this.timeout(1_800_000);
  const prefix = testName("sshdkill");
  const port = 24000 + Math.floor(Math.random() * 1000);
  let sshd: ChildProcess;
  let program: PulumiProgram;

  const ourDomains = () => domainsNamed(prefix);

  before(async () => {
    sshd = startSshd(port);
    await waitForPort(port);
    const { config, secrets } = labStackConfig({ "t:prefix": prefix, "voidvm:port": String(port) }, "t");
    program = await PulumiProgram.create({ name: "sshd-killed", source: namedVmsProgram(COUNT), config, secrets });
  });

  after(async () => {
    if (sshd.exitCode !== null || sshd.signalCode !== null) {
      sshd = startSshd(port);
      await waitForPort(port).catch(() => undefined);
    }
    await program.destroy().catch(() => undefined);
    program.remove();
    await removeEverythingNamed(prefix);
    sshd.kill("SIGKILL");
    closeAllConnections();
  });

  it("the failed `pulumi up` names the host and says the connection was lost or could not be made", async () => {
    const up = program.cli(["up", "--yes", "--skip-preview"], { allowFailure: true });
    await waitUntil("a first VM of the up", async () => (await ourDomains()).length >= 1);
    for (const pid of sshdTree(sshd.pid!)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
    const result = await up;
    const text = result.stdout + result.stderr;
    console.log(`      what the user saw: ${(/error: (.*)/.exec(text)?.[1] ?? "(no error line)").slice(0, 400)}`);
    assert.notEqual(result.code, 0, "the up fails");
    assert.match(text, new RegExp(`127\\.0\\.0\\.1:${port}`), `the error names the host:\n${text}`);
    assert.match(text, /lost before the command finished|Could not connect to/, `the error says what happened:\n${text}`);
    assert.doesNotMatch(text, /everything it created was removed/, "no claim of a cleanup that did not happen");
  });

  it("with sshd back, the next `pulumi up` converges: each VM once, taken over where the killed create made it", async () => {
    sshd = startSshd(port);
    await waitForPort(port);
    // A create whose connection broke may still be running on the host: let it finish first.
    for (let i = 0; i < 600; i++) {
      if (!(await onLabHost("pgrep -f 'voidvm-vm-creat[e]' || true")).stdout.trim()) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await program.up();
    const { vms } = (await program.outputs()) as { vms: string[] };
    assert.deepEqual(await ourDomains(), [...vms].sort());
    assert.equal(vms.length, COUNT);
    const unchanged = await program.preview(["--expect-no-changes"]);
    assert.equal(unchanged.code, 0, `${unchanged.stdout}\n${unchanged.stderr}`);
    await program.destroy();
    assert.deepEqual(await ourDomains(), []);
  });
});
