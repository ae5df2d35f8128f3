import type { RemoteHost } from "../../provider/transport/remote-host";

export interface SeedFiles {
  userData: string;
  metaData: string;
  networkConfig?: string;
}

/**
 * Builds a cloud-init NoCloud seed ISO (volume label `cidata`) ON THE HOST, as the connection's
 * user, with genisoimage (installed by host:up). The files' bytes go over stdin only, never into
 * a command line.
 */
export async function buildSeedIso(host: RemoteHost, isoPath: string, files: SeedFiles): Promise<void> {
  const dir = (await host.run(["mktemp", "-d", "/tmp/vvt-seed.XXXXXX"])).stdout.trim();
  try {
    const entries: Array<[string, string]> = [
      ["user-data", files.userData],
      ["meta-data", files.metaData],
    ];
    if (files.networkConfig !== undefined) entries.push(["network-config", files.networkConfig]);
    for (const [name, content] of entries) {
      await host.run(["sh", "-c", 'cat > "$1"', "sh", `${dir}/${name}`], { stdin: Buffer.from(content, "utf8") });
    }
    await host.run(["genisoimage", "-quiet", "-output", isoPath, "-volid", "cidata", "-joliet", "-rock", ...entries.map(([name]) => `${dir}/${name}`)]);
  } finally {
    await host.run(["rm", "-rf", "--", dir], { allowFailure: true });
  }
}
