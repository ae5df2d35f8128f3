import { virsh } from "../../provider/libvirt/virsh";
import { labHost, labSettings } from "../support/lab";

/**
 * Program source: the args of a small lab guest VM with a 1 GiB root disk, config namespace `t`
 * (t:kernel, t:initrd, t:network from labStackConfig). `extra` is spliced in as more properties.
 */
export function guestVmArgs(extra = ""): string {
  return `{
    cpu: { cores: 1 },
    memory: { size: 128 },
    disk: { size: 1 },
    os: { kernel: t.require("kernel"), initrd: t.require("initrd"), cmdline: "console=ttyS0 quiet" },
    network: { interfaces: [{ source: t.require("network") }] },
    stopTimeout: 10,
    limits: { minMemory: 128, minDiskSize: 1 },${extra}
  }`;
}

/** A program of `count` such VMs named `<t:prefix>-<i>`, exporting their names as `vms`. */
export function namedVmsProgram(count: number): string {
  return `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const t = new pulumi.Config("t");
export const vms: pulumi.Output<string>[] = [];
for (let i = 0; i < ${count}; i++) {
  const vm = new voidvm.VirtualMachine(\`vm-\${i}\`, { name: \`\${t.require("prefix")}-\${i}\`, ...${guestVmArgs()} });
  vms.push(vm.name);
}
`;
}

/** Domains on the lab host whose names start with `<prefix>-`, sorted. */
export async function domainsNamed(prefix: string): Promise<string[]> {
  return (await virsh(labHost(), ["list", "--all", "--name"])).stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((name) => name.startsWith(`${prefix}-`))
    .sort();
}

/** Volumes of the lab pool whose names start with `<prefix>-`, sorted. */
export async function volumesNamed(prefix: string): Promise<string[]> {
  return (await virsh(labHost(), ["vol-list", "--pool", labSettings().pool])).stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/)[0] ?? "")
    .filter((name) => name.startsWith(`${prefix}-`))
    .sort();
}

/** Removes whatever a failed test left: every domain and volume named `<prefix>-…`. */
export async function removeEverythingNamed(prefix: string): Promise<void> {
  for (const name of await domainsNamed(prefix)) {
    await virsh(labHost(), ["destroy", "--", name], { allowFailure: true });
    await virsh(labHost(), ["undefine", "--snapshots-metadata", "--", name], { allowFailure: true });
  }
  for (const volume of await volumesNamed(prefix)) await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true });
}

/** Polls `condition` every `everyMs` until it holds; fails after `timeoutMs` saying `what`. */
export async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 600_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
