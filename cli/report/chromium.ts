import { execFile } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { pathToFileURL } from "url";

/**
 * Renders an HTML page to a PNG with headless Chromium (Debian's `chromium`; the path may be set
 * with VOIDVM_CHROMIUM). The page is written to a private temporary folder first.
 */
export async function renderPng(html: string, pngFile: string, size: { width: number; height: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "voidvm-report-"));
  try {
    const page = join(dir, "report.html");
    writeFileSync(page, html);
    const chromium = process.env.VOIDVM_CHROMIUM ?? "chromium";
    const args = [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
      `--user-data-dir=${join(dir, "profile")}`, `--window-size=${size.width},${size.height}`, `--screenshot=${resolve(pngFile)}`, pathToFileURL(page).href,
    ];
    await new Promise<void>((done, fail) => {
      execFile(chromium, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
          fail(new Error(missing ? `${chromium} is not installed: --png needs headless Chromium (Debian: apt-get install chromium), or use --html.` : `chromium failed: ${stderr.trim().split("\n").slice(-3).join(" ") || error.message}`));
        } else done();
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
