import { readFileSync } from "fs";
import { labSettings } from "./lab";

/** Stack config pointing a program at the lab, the private key as an encrypted secret. */
export function labStackConfig(): { config: Record<string, string>; secrets: Record<string, string> } {
  const lab = labSettings();
  return {
    config: {
      "voidvm:host": lab.host,
      "voidvm:port": String(lab.port),
      "voidvm:user": lab.user,
      "voidvm:hostKey": lab.hostKey,
      "voidvm:pool": lab.pool,
      "quickstart:kernel": lab.guest.kernel,
      "quickstart:initrd": lab.guest.initrd,
      "quickstart:network": lab.network,
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

