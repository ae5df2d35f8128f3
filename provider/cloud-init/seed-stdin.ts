import type { SeedFiles } from "./render";

/**
 * The seed's files as remote-scripts/lib/cloud-init-seed.sh reads them from stdin: one line
 * `NAME BASE64` per file, then `end`. User-data may be a secret: it never travels as an argument.
 */
export function seedStdin(files: SeedFiles): string {
  const lines: string[] = [];
  for (const name of ["user-data", "meta-data", "network-config"] as const) {
    const content = files[name];
    if (content !== undefined) lines.push(`${name} ${Buffer.from(content, "utf8").toString("base64")}`);
  }
  return `${lines.join("\n")}\nend\n`;
}

/** The seed volume of VM `name`, in the pool of its root disk. */
export function seedVolumeName(vmName: string): string {
  return `${vmName}-cidata.iso`;
}
