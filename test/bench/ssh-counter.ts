import { execFileSync } from "child_process";

/**
 * Counts new TCP connections (SYN packets) to the lab's sshd that this bench's processes open:
 * the bench runs with a group id of its own (`process.setgid`, inherited by pulumi, the provider,
 * terraform and ssh), and an iptables OUTPUT rule matching that group and identified by a comment
 * counts them in its packet counter. Other users of the lab are not counted.
 */
export class SshConnectionCounter {
  private installed = false;

  constructor(
    private readonly port: number,
    private readonly gid: number,
    private readonly comment: string,
  ) {}

  private ruleArgs(action: "-I" | "-D"): string[] {
    return ["-w", action, "OUTPUT", "-p", "tcp", "--dport", String(this.port), "--syn", "-m", "owner", "--gid-owner", String(this.gid), "-m", "comment", "--comment", this.comment, "-j", "ACCEPT"];
  }

  install(): void {
    execFileSync("iptables", this.ruleArgs("-I"), { stdio: ["ignore", "ignore", "pipe"] });
    this.installed = true;
  }

  /** The rule's packet counter (connections so far). */
  read(): number {
    const listing = execFileSync("iptables", ["-w", "-L", "OUTPUT", "-v", "-x", "-n"], { encoding: "utf8" });
    const line = listing.split("\n").find((l) => l.includes(`/* ${this.comment} */`));
    if (!line) throw new Error(`iptables rule "${this.comment}" is missing`);
    return Number(line.trim().split(/\s+/)[0]);
  }

  /** Removes the rule (every copy of it); safe to call more than once. */
  remove(): void {
    if (!this.installed) return;
    for (let i = 0; i < 10; i++) {
      try {
        execFileSync("iptables", this.ruleArgs("-D"), { stdio: "ignore" });
      } catch {
        break;
      }
    }
    this.installed = false;
  }
}
