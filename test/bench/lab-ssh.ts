import { execFileSync, spawn } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import type { LabSettings } from "../support/lab";

const LAB_HOST_KEY = "/etc/voidvm-lab/ssh_host_ed25519_key.pub";

/** SSH access to the lab host for the floor and the clean-up, with the system's `ssh` client. */
export class LabSsh {
  readonly knownHosts: string;

  constructor(
    readonly lab: LabSettings,
    workDir: string,
  ) {
    // host.json holds only the host key's fingerprint: the key itself is the lab sshd's.
    const [type, key] = readFileSync(LAB_HOST_KEY, "utf8").trim().split(/\s+/);
    this.knownHosts = join(workDir, "known_hosts");
    writeFileSync(this.knownHosts, `[${lab.host}]:${lab.port} ${type} ${key}\n`);
  }

  /** The libvirt URI terraform-provider-libvirt uses to reach the lab through SSH. */
  libvirtUri(): string {
    const { user, host, port, privateKeyPath } = this.lab;
    return `qemu+ssh://${user}@${host}:${port}/system?keyfile=${privateKeyPath}&sshauth=privkey&knownhosts=${this.knownHosts}`;
  }

  private sshArgs(): string[] {
    const { user, host, port, privateKeyPath } = this.lab;
    return ["-p", String(port), "-i", privateKeyPath, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", `UserKnownHostsFile=${this.knownHosts}`, "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR", `${user}@${host}`, "sh -s"];
  }

  /** Runs a POSIX sh script on the lab host over ONE ssh connection and exec (script on stdin). */
  run(script: string): Promise<string> {
    const args = this.sshArgs();
    return new Promise((resolve, reject) => {
      const child = spawn("ssh", args, { stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`remote script exited with ${code}: ${stderr.trim()}`))));
      child.stdin.end(script);
    });
  }

  /** `run`, blocking (for clean-up from an exit or signal handler). */
  runSync(script: string): string {
    return execFileSync("ssh", this.sshArgs(), { input: script, encoding: "utf8", timeout: 120_000 });
  }

  /** Bytes of host disk allocated to the pool's volumes whose names start with `prefix` (one exec). */
  async allocatedBytes(prefix: string): Promise<number> {
    if (!/^vvb-[a-z0-9-]+$/.test(prefix)) throw new Error(`unexpected prefix ${prefix}`);
    const pool = this.lab.pool;
    const virsh = "virsh -q -c qemu:///system";
    const script = [
      `${virsh} pool-refresh ${pool} >/dev/null`,
      "t=0",
      `for v in $(${virsh} vol-list --pool ${pool} | awk '{print $1}' | grep '^${prefix}'); do`,
      `  a=$(${virsh} vol-info --bytes --pool ${pool} "$v" | awk '/^Allocation:/ {print $2}')`,
      '  t=$((t + ${a:-0}))',
      "done",
      "echo $t",
      "",
    ].join("\n");
    return Number((await this.run(script)).trim());
  }

  /** Free bytes (df) on the file system of the lab's storage pool (one exec). */
  async poolAvailableBytes(): Promise<number> {
    const virsh = "virsh -q -c qemu:///system";
    const script = `dir=$(${virsh} pool-dumpxml ${this.lab.pool} | sed -n 's:.*<path>\\(.*\\)</path>.*:\\1:p' | head -n 1)\ndf -P -k "$dir" | awk 'NR == 2 {print $4}'\n`;
    const kib = Number((await this.run(script)).trim());
    if (!Number.isFinite(kib) || kib <= 0) throw new Error(`could not read the free space of pool ${this.lab.pool}`);
    return kib * 1024;
  }
}
