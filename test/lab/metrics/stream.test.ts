import { strict as assert } from "assert";
import { NotFoundError } from "../../../provider/errors";
import { streamVmMetrics } from "../../../provider/metrics/stream";
import type { MetricSample } from "../../../provider/metrics/sample";
import { resetTransportStats, transportStats } from "../../../provider/transport/stats";
import { labConnection, testName } from "../../support/lab";
import { metricsGuestForSuite, remoteProcessesGone, remoteProcessesOf } from "./support";

describe("live metrics stream on the lab (issue 14)", function () {
  this.timeout(600_000);
  const guest = metricsGuestForSuite("stream");

  it("streams N samples over exactly one SSH exec; closing it leaves no remote process", async () => {
    resetTransportStats();
    const stream = await streamVmMetrics({ connection: labConnection(), vms: [guest().name], intervalSeconds: 1 });
    const samples: MetricSample[] = [];
    let running: string[] = [];
    for await (const sample of stream) {
      samples.push(sample);
      if (samples.length === 2) running = await remoteProcessesOf(guest().name);
      if (samples.length === 5) break; // leaving the loop closes the stream
    }
    // The look-up of remote processes above is one exec of its own.
    assert.equal(transportStats().execs - 1, 1, "one exec for five samples");
    assert.ok(transportStats().connectionsOpened <= 1);
    assert.ok(running.some((p) => p.includes("metrics-stream.sh")), `the sampler ran on the host:\n${running.join("\n")}`);
    assert.ok(running.some((p) => /\bsleep\b/.test(p) || /\bawk\b/.test(p)), `its loop ran in the same session:\n${running.join("\n")}`);
    for (const s of samples) {
      assert.equal(s.vm, guest().name);
      assert.equal(s.state, "running");
      assert.ok(s.cpuPercent >= 0 && s.cpuPercent <= 100);
      assert.ok(s.memoryPercent > 0 && s.memoryPercent <= 100);
    }
    assert.ok(samples.every((s, i) => i === 0 || s.time > (samples[i - 1] as MetricSample).time), "samples in time order");
    await stream.closed();
    assert.deepEqual(await remoteProcessesGone(guest().name), [], "no remote process left after the stream was closed");
  });

  it("closing the stream ends the remote command at once, even in the middle of its sleep", async () => {
    // A 10-minute interval: the sampler sits in `sleep` long after the stream is closed, so only
    // the end of the channel can stop it before remoteProcessesGone gives up (20 s).
    const stream = await streamVmMetrics({ connection: labConnection(), vms: [guest().name], intervalSeconds: 600 });
    const running = await remoteProcessesOf(guest().name);
    assert.ok(running.some((p) => /\bsleep 600\b/.test(p)), `the sampler sleeps on the host:\n${running.join("\n")}`);
    stream.close();
    await stream.closed();
    assert.deepEqual(await remoteProcessesGone(guest().name), [], "no remote process left after the stream was closed");
  });

  it("with a count, the stream ends by itself after that many samples per VM", async () => {
    resetTransportStats();
    const stream = await streamVmMetrics({ connection: labConnection(), vms: [guest().name], intervalSeconds: 0.5, count: 3 });
    const samples: MetricSample[] = [];
    for await (const sample of stream) samples.push(sample);
    assert.equal(samples.length, 3);
    assert.equal(transportStats().execs, 1);
    assert.deepEqual(await remoteProcessesGone(guest().name), []);
  });

  it("refuses a VM that does not exist, naming it, before any sample", async () => {
    const missing = testName("live-missing");
    resetTransportStats();
    await assert.rejects(
      streamVmMetrics({ connection: labConnection(), vms: [guest().name, missing], intervalSeconds: 1 }),
      (error: Error) => error instanceof NotFoundError && error.message.includes(`"${missing}"`) && !error.message.includes(`"${guest().name}"`),
    );
    assert.equal(transportStats().execs, 1);
    assert.deepEqual(await remoteProcessesGone(missing), []);
  });
});
