import { readFileSync } from "fs";
import { labSettings } from "./lab";

/**
 * Stack config pointing a program at the lab, the private key as an encrypted secret; the test
 * guest's files under `<guestNamespace>:kernel/initrd/network`, plus the program's own `extra`.
 */
export function labStackConfig(
  extra: Record<string, string> = {},
  guestNamespace = "quickstart",
): { config: Record<string, string>; secrets: Record<string, string> } {
  const lab = labSettings();
  return {
    config: {
      "voidvm:host": lab.host,
      "voidvm:port": String(lab.port),
      "voidvm:user": lab.user,
      "voidvm:hostKey": lab.hostKey,
      "voidvm:pool": lab.pool,
      [`${guestNamespace}:kernel`]: lab.guest.kernel,
      [`${guestNamespace}:initrd`]: lab.guest.initrd,
      [`${guestNamespace}:network`]: lab.network,
      ...extra,
    },
    secrets: { "voidvm:privateKey": readFileSync(lab.privateKeyPath, "utf8") },
  };
}

/** Lines of the private key body: none may appear in any state file. */
export function privateKeyFragments(): string[] {
  return readFileSync(labSettings().privateKeyPath, "utf8")
    .split("\n")
    .filter((line) => line.length > 20 && !line.startsWith("-----"));
}

