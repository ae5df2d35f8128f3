import type { RemoteHost } from "../transport/remote-host";
import { remoteScript } from "../transport/remote-script";
import { TABLE_FAMILY, TABLE_NAME } from "./forward-rules";

/** Where VoidVM saves its port-forward table after every change (the whole table). */
export const RULES_FILE = "/etc/voidvm/nftables.conf";

/** The libvirt hook that loads RULES_FILE again after a host reboot. */
export const BOOT_HOOK_PATH = "/etc/libvirt/hooks/qemu.d/voidvm-nftables";

/** First lines of RULES_FILE: loading it replaces the table atomically (`nft -f`). */
export const RULES_FILE_HEADER = [
  "#!/usr/sbin/nft -f",
  `# VoidVM port forwards: the nftables table ${TABLE_FAMILY} ${TABLE_NAME} as the VoidVM provider last wrote it,`,
  "# followed by the iptables rules that open libvirt's firewall for them (as comments).",
  `# Loaded at boot by ${BOOT_HOOK_PATH}. Do not edit: the next change overwrites it.`,
  `table ${TABLE_FAMILY} ${TABLE_NAME}`,
  `delete table ${TABLE_FAMILY} ${TABLE_NAME}`,
].join("\n");

/**
 * libvirt runs every executable in /etc/libvirt/hooks/qemu.d/ as root for each QEMU domain event.
 * At `prepare` (before a domain starts: after a host reboot, before the first autostarted VM)
 * it restores the table from RULES_FILE when the table is missing, sets route_localnet when a
 * forward answers on 127.0.0.1, and puts back the iptables openings. It never fails the start
 * of a VM and never calls libvirt (a hook that calls back into libvirtd can deadlock it).
 * It is remote-scripts/nft-boot-hook.sh, which names RULES_FILE and the table itself: libvirt
 * passes a hook no arguments of VoidVM's.
 */
export function bootHookScript(): string {
  return remoteScript("nft-boot-hook");
}

/**
 * Installs (or updates) the boot hook when it differs from this version's. libvirtd discovers
 * hook scripts when it starts: a newly installed hook is used from the next start of libvirtd,
 * which a reboot (the case it exists for) always is.
 */
export async function ensureBootHook(host: RemoteHost): Promise<void> {
  const hook = bootHookScript();
  const current = await host.run(["cat", BOOT_HOOK_PATH], { allowFailure: true });
  if (current.exitCode === 0 && current.stdout === hook) return;
  const result = await host.run(["install", "-D", "-m", "755", "/dev/stdin", BOOT_HOOK_PATH], { sudo: true, stdin: hook, allowFailure: true });
  if (result.exitCode !== 0) {
    throw new Error(
      `VoidVM could not install the libvirt hook ${BOOT_HOOK_PATH} that restores port forwards after a reboot: ${result.stderr.trim()}. ` +
        `The connection needs root for it (connect as root, or set sudo: true with a sudo rule for ` +
        `"install -D -m 755 /dev/stdin ${BOOT_HOOK_PATH}"; see docs/port-forward.md). Nothing was changed.`,
    );
  }
}
