import { strict as assert } from "assert";
import { HOME_AND_CLEAR } from "../../../cli/commands/metrics-view";
import type { MetricSample } from "../../../provider/metrics/sample";
import { voidvmCli } from "../../support/cli";
import { onLabHost, testName } from "../../support/lab";
import { burn, metricsGuestForSuite, remoteProcessesGone, remoteProcessesOf, startCli, type CliRun } from "./support";

async function nextSample(run: CliRun): Promise<MetricSample> {
  return JSON.parse(await run.nextLine()) as MetricSample;
}

describe("voidvm metrics on the lab (issue 14)", function () {
  this.timeout(600_000);
  const guest = metricsGuestForSuite("cli");

  it("--json --watch --interval 1s: a busy guest shows cpuPercent > 80 within three samples, idle again after the burn", async () => {
    const run = startCli(["metrics", guest().name, "--json", "--watch", "--interval", "1s"]);
    try {
      const first = await nextSample(run);
      assert.equal(first.vm, guest().name);
      assert.match(await burn(guest().ip, 300), /^ok burning 300$/);
      const busy: number[] = [];
      for (let i = 0; i < 3; i++) busy.push((await nextSample(run)).cpuPercent);
      if (!busy.some((cpu) => cpu > 80)) {
        // Say how busy the host was: a vCPU cannot get more than the host has left to give.
        const load = (await onLabHost("cat /proc/loadavg; nproc")).stdout.trim().replace(/\n/g, ", cores: ");
        assert.fail(`cpuPercent while burning: ${busy.join(", ")} (host load average: ${load})`);
      }
      assert.match(await burn(guest().ip, 0), /^ok stopped$/);
      const after: number[] = [];
      for (let i = 0; i < 5 && !after.some((cpu) => cpu < 50); i++) after.push((await nextSample(run)).cpuPercent);
      assert.ok(after.some((cpu) => cpu < 50), `cpuPercent after the burn: ${after.join(", ")}`);
    } finally {
      run.child.kill("SIGINT");
    }
    const { code, stderr } = await run.exited;
    assert.equal(code, 0, stderr);
    assert.deepEqual(await remoteProcessesGone(guest().name), [], "Ctrl-C left no remote process");
  });

  it("killed outright (no goodbye to sshd), the CLI leaves no remote process: the sampler sees its channel close", async () => {
    // A 10-minute interval: the sampler sleeps long after the CLI is gone, unless the closed
    // channel stops it.
    const run = startCli(["metrics", guest().name, "--json", "--watch", "--interval", "10m"]);
    let running: string[] = [];
    for (let i = 0; i < 60 && !running.some((p) => /\bsleep 600\b/.test(p)); i++) {
      await new Promise((r) => setTimeout(r, 500));
      running = await remoteProcessesOf(guest().name);
    }
    assert.ok(running.some((p) => /\bsleep 600\b/.test(p)), `the sampler ran:\n${running.join("\n")}`);
    run.child.kill("SIGKILL");
    await run.exited;
    assert.deepEqual(await remoteProcessesGone(guest().name), []);
  });

  it("without --watch: one sample, as a table or as one JSON line", async () => {
    const table = await voidvmCli(["metrics", guest().name]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`^${guest().name}  running  at `));
    for (const row of ["cpu", "memory", "disk read", "disk write", "net rx", "net tx"]) assert.match(table.stdout, new RegExp(`\\n  ${row} +\\d`));
    assert.ok(!table.stdout.includes("\x1b["), "no terminal control codes without --watch");
    const json = await voidvmCli(["metrics", guest().name, "--json", "--interval", "500ms"]);
    assert.equal(json.code, 0, json.stderr);
    const lines = json.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0] as string) as MetricSample).vm, guest().name);
  });

  it("--watch without --json redraws in place: cursor home and clear before each frame, sparklines after two samples", async () => {
    const run = startCli(["metrics", guest().name, "--watch", "--interval", "1s"]);
    let text = "";
    try {
      while (text.split(HOME_AND_CLEAR).length - 1 < 4) text += (await run.nextLine()) + "\n";
    } finally {
      run.child.kill("SIGINT");
    }
    assert.equal((await run.exited).code, 0);
    const frames = text.split(HOME_AND_CLEAR).filter(Boolean);
    // The last frame has only begun; the one before shows two samples.
    const frame = frames[frames.length - 2] as string;
    assert.match(frame, /\n {2}cpu +[\d.]+ % +[▁▂▃▄▅▆▇█]{2,}\n/);
    assert.ok(!frames.join("").includes("\x1b"), "no other terminal control codes (no scrolling)");
  });

  it("refuses an unknown VM (exit 1, naming it) and a bad --interval (exit 2)", async () => {
    const missing = testName("live-nope");
    const unknown = await voidvmCli(["metrics", missing]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, new RegExp(`No VM named "${missing}"`));
    const watch = await voidvmCli(["watch", missing]);
    assert.equal(watch.code, 1);
    assert.match(watch.stderr, new RegExp(`No VM named "${missing}"`));
    assert.equal(watch.stdout, "", "no page is served for an unknown VM");
    const bad = await voidvmCli(["metrics", guest().name, "--interval", "fast"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--interval fast: write a duration such as 5s/);
    const small = await voidvmCli(["metrics", guest().name, "--interval", "100ms"]);
    assert.equal(small.code, 2);
    assert.match(small.stderr, /must be at least 0.5 seconds/);
  });
});
