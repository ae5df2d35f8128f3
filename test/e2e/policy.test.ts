import { strict as assert } from "assert";
import { readdirSync, readFileSync, realpathSync, writeFileSync } from "fs";
import { join } from "path";
import { PulumiProgram, type CliResult } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

/** The pack as a user runs it: from the installed package, relative to the project. */
const PACK = "node_modules/@voidvm/pulumi/policy";

const PRELUDE = `
import * as voidvm from "@voidvm/pulumi";
// Preview only: nothing boots, so any absolute kernel path will do.
const os = { kernel: "/var/lib/voidvm/vmlinuz" };
`;

/** Breaks every mandatory rule once, each through its own resource. */
const BREAKS_EVERY_MANDATORY_RULE = `${PRELUDE}
new voidvm.VirtualMachine("big", { name: "pol-big", description: "raised its own limits", cpu: { cores: 32 }, memory: { size: 40000 }, os,
  limits: { maxVcpus: 64, maxMemory: 65536 } });
new voidvm.VirtualMachine("huge", { name: "pol-huge", description: "with big, over the host's budget", memory: { size: 30000 }, os });
new voidvm.VirtualMachine("open-vnc", { name: "pol-vnc", description: "console for everyone", memory: { size: 1024 }, os, vnc: { listen: "0.0.0.0" } });
new voidvm.VirtualMachine("trusting", { name: "pol-trusting", description: "skips host keys", memory: { size: 1024 }, os,
  connection: { insecureIgnoreHostKey: true } });
new voidvm.PortForward("public-ssh", { vm: "pol-big", rules: [{ hostPort: 2222, guestPort: 22 }] });
new voidvm.SnapshotSchedule("nightly", { vm: "pol-big", schedule: "0 2 * * *" });
`;

const COMPLIANT = `${PRELUDE}
new voidvm.VirtualMachine("web", { name: "pol-web", description: "the shop's web server", cpu: { cores: 2 }, memory: { size: 1024 }, os,
  vnc: { password: "s3cret" } });
new voidvm.PortForward("web", { vm: "pol-web", rules: [{ hostPort: 8080, guestPort: 80 }, { hostPort: 2222, guestPort: 22, hostIp: "127.0.0.1" }] });
new voidvm.SnapshotSchedule("nightly", { vm: "pol-web", schedule: "0 2 * * *", maxSnapshots: 7 });
`;

/** Compliant but for one VM without a description (an advisory rule). */
const NO_DESCRIPTION = `${COMPLIANT}
new voidvm.VirtualMachine("anonymous", { name: "pol-anon", cpu: { cores: 2 }, memory: { size: 1024 }, os });
`;

describe("the VoidVM policy pack under pulumi preview --policy-pack (real CLI)", function () {
  this.timeout(900_000);
  let program: PulumiProgram;
  let packProcessesSeen = 0;

  before(async () => {
    program = await PulumiProgram.create({ name: "policy", source: COMPLIANT, ...labStackConfig() });
  });

  after(() => program?.remove());

  /** Node processes running this program's policy pack (their command line names the pack's folder). */
  function packProcesses(): string[] {
    const folders = [program.dir, realpathSync(join(program.dir, "node_modules"))];
    return readdirSync("/proc")
      .filter((pid) => /^\d+$/.test(pid))
      .flatMap((pid) => {
        let cmdline = "";
        try {
          cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
        } catch {
          return []; // gone meanwhile
        }
        return cmdline.includes("run-policy-pack") && folders.some((f) => cmdline.includes(f)) ? [`${pid}: ${cmdline}`] : [];
      });
  }

  /** Previews `source` with the pack (and a policy config, if given); checks that no pack process outlives it. */
  async function previewWithPack(source: string, policyConfig?: object): Promise<CliResult & { output: string }> {
    writeFileSync(join(program.dir, "index.ts"), source);
    const args = ["--policy-pack", PACK];
    if (policyConfig) {
      const file = join(program.dir, "policy-config.json");
      writeFileSync(file, JSON.stringify(policyConfig));
      args.push("--policy-pack-config", file);
    }
    let running = true;
    const preview = program.preview(args).finally(() => (running = false));
    while (running) {
      packProcessesSeen += packProcesses().length > 0 ? 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await preview;
    let left = packProcesses();
    for (let i = 0; i < 30 && left.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = packProcesses();
    }
    assert.deepEqual(left, [], "the policy pack's node process outlived the preview");
    return { ...result, output: result.stdout + result.stderr };
  }

  /** The line(s) of a violation: the enforcement level and the policy, then the message naming the resource. */
  function assertViolation(output: string, level: "mandatory" | "advisory", policy: string, message: RegExp): void {
    assert.match(output, new RegExp(`\\[${level}\\]\\s+${policy}\\b`), `no ${level} violation of ${policy} in:\n${output}`);
    assert.match(output, message, `the ${policy} message is missing from:\n${output}`);
  }

  it("a stack that breaks every mandatory rule fails the preview, naming each rule, the resource, the value, the limit and the fix", async () => {
    const { code, output } = await previewWithPack(BREAKS_EVERY_MANDATORY_RULE);
    assert.notEqual(code, 0, output);
    assertViolation(output, "mandatory", "hardware-bounds", /VirtualMachine "big" can reach 32 vCPUs \(cores 32 × threads 1 × sockets 1\), more than the limit of 16: lower cpu\.cores/);
    assertViolation(output, "mandatory", "hardware-bounds", /VirtualMachine "big" can reach 40000 MiB of memory .*more than the limit of 32768 MiB/);
    assertViolation(output, "mandatory", "vnc-loopback-or-password", /VirtualMachine "open-vnc" has a VNC console on every address of the host \(vnc\.listen "0\.0\.0\.0"\) without a password.*set vnc\.password/);
    assertViolation(output, "mandatory", "ssh-host-key-verified", /VirtualMachine "trusting" sets connection\.insecureIgnoreHostKey: true.*pin the host key/);
    assertViolation(output, "mandatory", "admin-ports-not-public", /PortForward "public-ssh" rules\[0\] forwards tcp port 2222 on every host address to guest port 22, an admin port.*hostIp: "127\.0\.0\.1"/);
    assertViolation(output, "mandatory", "snapshot-retention-set", /SnapshotSchedule "nightly" sets no maxSnapshots.*set maxSnapshots/);
    assertViolation(output, "mandatory", "host-budget", /Host 127\.0\.0\.1 would give this stack's VMs 72048 MiB of memory, more than its budget of 65536 MiB \(biggest first: big \(40000 MiB, 32 vCPUs\), huge \(30000 MiB, 1 vCPUs\), open-vnc/);
    assert.doesNotMatch(output, /vm-has-description/, "every VM here has a description");
  });

  it("advisory rules print a warning and the preview passes", async () => {
    const { code, output } = await previewWithPack(NO_DESCRIPTION);
    assert.equal(code, 0, output);
    assertViolation(output, "advisory", "vm-has-description", /VirtualMachine "anonymous" has no description \(description: none\).*set description/);
    assert.doesNotMatch(output, /\[mandatory\]/);
  });

  it("a policy config lowers a limit and raises an enforcement level, and the preview follows it", async () => {
    const tightened = await previewWithPack(NO_DESCRIPTION, {
      "hardware-bounds": { maxVcpus: 1 },
      "vm-has-description": { enforcementLevel: "mandatory" },
    });
    assert.notEqual(tightened.code, 0, tightened.output);
    assertViolation(tightened.output, "mandatory", "hardware-bounds", /VirtualMachine "web" can reach 2 vCPUs .*more than the limit of 1:/);
    assertViolation(tightened.output, "mandatory", "vm-has-description", /VirtualMachine "anonymous" has no description/);

    const relaxed = await previewWithPack(BREAKS_EVERY_MANDATORY_RULE, {
      all: { enforcementLevel: "advisory" },
      "ssh-host-key-verified": { enforcementLevel: "disabled" },
    });
    assert.equal(relaxed.code, 0, relaxed.output);
    assertViolation(relaxed.output, "advisory", "admin-ports-not-public", /PortForward "public-ssh"/);
    assert.doesNotMatch(relaxed.output, /ssh-host-key-verified|insecureIgnoreHostKey/);
  });

  it("a compliant stack passes with no violation", async () => {
    const { code, output } = await previewWithPack(COMPLIANT);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /\[(mandatory|advisory)\]/, output);
    assert.match(output, /Policy Packs run:\s+Name\s+Version\s+voidvm\|local\|node_modules\/@voidvm\/pulumi\/policy\s+0\.1\.0/, `the pack ran:\n${output}`);
  });

  it("the pack's node process was seen while previews ran (so the checks for leftovers could fail)", () => {
    assert.ok(packProcessesSeen > 0, "no policy pack process was ever seen: the leftover check proves nothing");
  });
});
