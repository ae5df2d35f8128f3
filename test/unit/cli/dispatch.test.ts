import { strict as assert } from "assert";
import { main } from "../../../cli/voidvm";

async function capture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((text: string) => (out.push(text), true)) as typeof process.stdout.write;
  process.stderr.write = ((text: string) => (err.push(text), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

describe("voidvm dispatches registered commands", () => {
  it("--help lists the registered commands' lines", async () => {
    const { code, stdout } = await capture(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /^ {2}voidvm report VM \[--period 1h\|24h\|7d\|30d\]/m);
    assert.match(stdout, /^ {2}voidvm alerts \[VM\]/m);
    assert.ok(!stdout.includes("${"), "no template text left in the help");
  });

  it("a registered command's usage errors exit 2 before any connection", async () => {
    assert.deepEqual(await capture(["report", "web", "--period", "2h", "--no-stack-config"]), { code: 2, stdout: "", stderr: "voidvm: --period must be one of 1h, 24h, 7d, 30d\n" });
    const two = await capture(["alerts", "a", "b", "--no-stack-config"]);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /usage: voidvm alerts \[VM\]/);
  });
});
