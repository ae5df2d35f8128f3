import { request } from "http";

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 3000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Polls the URL until the guest answers with any HTTP response; false when it never does in time or the run is aborted. */
export async function waitForGuest(url: string, seconds: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && !signal.aborted) {
    if (await answers(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}
