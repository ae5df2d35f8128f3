import { strict as assert } from "assert";
import { collectorScript } from "../../../provider/metrics/collector-files";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { onLabHost } from "../../support/lab";

const FILE_BYTES = 4000;
const FILES = 4;
const TOTAL_BYTES = 30000;
const VMS = ["vvt-bound-a", "vvt-bound-b", 'vvt-bound "c" 中文'];

function sampleLines(from: number, count: number): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    for (const vm of VMS) {
      lines.push(JSON.stringify({ vm, time: 1_800_000_000 + i * 5, state: "running", cpuPercent: i % 100, memoryPercent: 12.5, diskReadMBps: 0, diskWriteMBps: 0.25, netRxMBps: 0.01, netTxMBps: 0 }));
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * The collector's history writer (the real script, as Monitoring installs it) fed 1,800 samples
 * of three VMs in six batches, with a bound of 4 files x 4000 bytes per VM and 30000 bytes in
 * all: after every batch, no VM holds more than its bound and the directory no more than the total.
 */
describe("Host collector history on the lab: bounded however many samples come", function () {
  this.timeout(600_000);
  let dir = "";

  before(async () => {
    dir = (await onLabHost('mktemp -d "${TMPDIR:-/tmp}/vvt-history.XXXXXX"')).stdout.trim();
    const conf = [
      "uri=qemu:///system", "interval=5", `history_dir=${dir}/history`, `file_bytes=${FILE_BYTES}`, `files=${FILES}`, `total_bytes=${TOTAL_BYTES}`,
      `rules_dir=${dir}/rules`, `state_dir=${dir}/states`, `log=${dir}/log/monitoring.log`, `pidfile=${dir}/pid`, "",
    ].join("\n");
    await onLabHost('cat > "$1/collector.sh"', [dir], { stdin: collectorScript() });
    await onLabHost('cat > "$1/monitoring.conf"', [dir], { stdin: conf });
  });

  after(async () => {
    if (dir) await onLabHost('rm -rf -- "$1"', [dir]);
    closeAllConnections();
  });

  it("keeps each VM within FILES x FILE_BYTES and the whole history within total_bytes, newest samples kept", async () => {
    for (let batch = 0; batch < 6; batch++) {
      await onLabHost('sh "$1/collector.sh" write "$1/monitoring.conf"', [dir], { stdin: sampleLines(batch * 100, 100) });
      const listing = (await onLabHost('cd "$1/history" && for f in *; do printf "%s %s\\n" "$(wc -c < "$f")" "$f"; done', [dir])).stdout.trim().split("\n");
      const files = listing.map((line) => ({ size: Number(line.split(" ")[0]), name: line.slice(line.indexOf(" ") + 1) }));
      const total = files.reduce((a, f) => a + f.size, 0);
      assert.ok(total <= TOTAL_BYTES, `batch ${batch}: the history holds ${total} bytes, more than ${TOTAL_BYTES}: ${listing.join(", ")}`);
      for (const file of files) assert.ok(file.size <= FILE_BYTES, `batch ${batch}: ${file.name} holds ${file.size} bytes`);
      for (const stem of ["vvt-bound-a", "vvt-bound-b", "vvt-bound%20%22c%22%20%E4%B8%AD%E6%96%87"]) {
        const own = files.filter((f) => f.name.startsWith(`${stem}.jsonl`));
        assert.ok(own.length >= 1 && own.length <= FILES, `batch ${batch}: ${stem} has ${own.length} files`);
      }
    }
    // 600 samples a VM were written (about 190 bytes each): the bound held them to a fraction, the newest kept.
    const newest = (await onLabHost('tail -n 1 "$1/history/vvt-bound-a.jsonl"', [dir])).stdout.trim();
    assert.equal(JSON.parse(newest).time, 1_800_000_000 + 599 * 5);
    const count = Number((await onLabHost('cat "$1"/history/vvt-bound-a.jsonl* | wc -l', [dir])).stdout.trim());
    assert.ok(count > 20 && count < 600, `vvt-bound-a keeps ${count} of its 600 samples`);
  });
});
