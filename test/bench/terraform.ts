import { execFile, execFileSync } from "child_process";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { REPO_ROOT } from "../support/lab";
import type { LabSsh } from "./lab-ssh";
import type { BenchSettings } from "./settings";

/** Removes the SPICE graphics (and its channel) terraform-provider-libvirt 0.8 always adds. */
const STRIP_SPICE = `<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output omit-xml-declaration="yes" indent="yes"/>
  <xsl:template match="node()|@*"><xsl:copy><xsl:apply-templates select="node()|@*"/></xsl:copy></xsl:template>
  <xsl:template match="/domain/devices/graphics"/>
  <xsl:template match="/domain/devices/channel[@type='spicevmc']"/>
</xsl:stylesheet>
`;

/** Builds (once, cached) terraform-provider-libvirt; returns its folder. */
export function buildTerraformProvider(): string {
  const script = join(REPO_ROOT, "scripts", "bench", "build-terraform-provider.sh");
  return execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

/** A terraform workspace doing the bench's work with terraform-provider-libvirt (dev_overrides, no init). */
export class TerraformWorkspace {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly dir: string,
    providerDir: string,
    ssh: LabSsh,
    settings: BenchSettings,
    names: string[],
  ) {
    mkdirSync(dir, { recursive: true });
    const { cores, memoryMiB, diskGiB } = settings.vm;
    const rc = join(dir, "terraformrc");
    writeFileSync(rc, `provider_installation {\n  dev_overrides { "dmacvicar/libvirt" = ${JSON.stringify(providerDir)} }\n  direct {}\n}\n`);
    writeFileSync(join(dir, "strip-spice.xsl"), STRIP_SPICE);
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {
  required_providers {
    libvirt = { source = "dmacvicar/libvirt" }
  }
}
provider "libvirt" {
  uri = ${JSON.stringify(ssh.libvirtUri())}
}
locals {
  names = ${JSON.stringify(names)}
}
resource "libvirt_volume" "root" {
  count  = length(local.names)
  name   = "\${local.names[count.index]}.qcow2"
  pool   = ${JSON.stringify(ssh.lab.pool)}
  size   = ${diskGiB * 1024 ** 3}
  format = "qcow2"
}
resource "libvirt_domain" "vm" {
  count   = length(local.names)
  name    = local.names[count.index]
  type    = "qemu"
  vcpu    = ${cores}
  memory  = ${memoryMiB}
  running = true
  disk { volume_id = libvirt_volume.root[count.index].id }
  network_interface { network_name = ${JSON.stringify(ssh.lab.network)} }
  xml { xslt = file("\${path.module}/strip-spice.xsl") }
}
`,
    );
    this.env = { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  }

  /** Runs `terraform ARGS`; rejects on a non-zero exit with its output. */
  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile("terraform", [...args, "-no-color", "-input=false"], { cwd: this.dir, env: this.env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`terraform ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });
  }

  apply(): Promise<string> {
    return this.run(["apply", "-auto-approve"]);
  }

  /** An unchanged plan; notes when it proposes changes. */
  async plan(): Promise<{ note?: string }> {
    const out = await this.run(["plan"]);
    return { note: out.includes("No changes.") ? undefined : "the plan proposed changes" };
  }

  refresh(): Promise<string> {
    return this.run(["apply", "-refresh-only", "-auto-approve"]);
  }

  destroy(): Promise<string> {
    return this.run(["destroy", "-auto-approve"]);
  }
}
