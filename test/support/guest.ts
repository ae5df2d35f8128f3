import { labSettings } from "./lab";

/** The tiny test guest booted by direct kernel boot (built by host:up). */
export function guestVmInputs(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const lab = labSettings();
  return {
    name,
    cpu: { cores: 1 },
    memory: { size: 256 },
    os: { kernel: lab.guest.kernel, initrd: lab.guest.initrd, cmdline: "console=ttyS0 quiet" },
    network: { interfaces: [{ type: "network", source: lab.network, model: "virtio" }] },
    stopTimeout: 20,
    // The guest asks for a DHCP lease while it boots: tests read its address right after create.
    waitForIp: 120,
    limits: { minMemory: 128, minDiskSize: 1 },
    ...extra,
  };
}

/** GET a guest URL from this machine (the lab's NAT network is local), with retries while it boots. */
export async function httpGet(url: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return await response.text();
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`No HTTP answer from ${url} within ${timeoutMs} ms: ${String(lastError)}`);
}
