import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { domainObservation } from "../../../provider/libvirt/domain-observation";
import { remoteScript } from "../../../provider/transport/remote-script";
import { parseScriptOutput } from "../../../provider/transport/script-output";

/** Runs remote script text with a real /bin/sh, as the transport does: `sh -c SCRIPT NAME ARGS`. */
function runLocally(script: string, args: string[]): { stdout: string; status: number } {
  try {
    return { stdout: execFileSync("sh", ["-c", script, "test", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }), status: 0 };
  } catch (error) {
    const e = error as { stdout: string; status: number };
    return { stdout: e.stdout, status: e.status };
  }
}

describe("remote scripts: loading and structured output", () => {
  it("resolves includes, so the host receives one self-contained script", () => {
    const text = remoteScript("vm-observe");
    assert.doesNotMatch(text, /VOIDVM_LIB/);
    assert.match(text, /observe_domain\(\) \{/);
    assert.match(text, /^v\(\) \{/m);
  });

  it("refuses a name that is not a script's", () => {
    assert.throws(() => remoteScript("../etc/passwd"), /not a script name/);
  });

  it("parses sections, keeping their text exactly, and reports a failed step", () => {
    const script = `${remoteScript("graceful-stop").split("\n").filter((l) => !/^graceful_stop "/.test(l)).join("\n")}
section one; printf '%s\\n' "$2"; section two; printf 'a\\n\\nb\\n'; fail some-step "what went wrong"`;
    const { stdout, status } = runLocally(script, ["qemu:///system", "x $(id) 'q'"]);
    assert.equal(status, 1);
    const output = parseScriptOutput(stdout);
    // The newline that ends a section's last line is not part of the section.
    assert.equal(output.sections.get("one"), "x $(id) 'q'");
    assert.equal(output.sections.get("two"), "a\n\nb");
    assert.equal(output.failedStep, "some-step");
  });

  it("turns observe sections into a domain observation", () => {
    const stdout = [
      "@@voidvm info",
      "Id:             3",
      "Name:           web",
      "State:          running",
      "Managed save:   no",
      "Autostart:      enable",
      "@@voidvm xml",
      "<domain type='qemu'><name>web</name></domain>",
      "@@voidvm memstat",
      "actual 262144",
      "rss 1000",
      "@@voidvm leases",
      "52:54:00:AA:BB:CC 192.168.122.10/24",
      "",
    ].join("\n");
    const observed = domainObservation(parseScriptOutput(stdout));
    assert.ok(observed);
    assert.equal(observed.state, "running");
    assert.equal(observed.autostart, true);
    assert.equal(observed.balloonKiB, 262144);
    assert.deepEqual(observed.leases, [{ mac: "52:54:00:aa:bb:cc", ip: "192.168.122.10" }]);
    assert.equal(observed.inactiveXml, undefined);
    assert.equal(domainObservation(parseScriptOutput("@@voidvm absent\n")), undefined);
    const saved = domainObservation(parseScriptOutput("@@voidvm info\nState:          shut off\nManaged save:   yes\n@@voidvm xml\n<domain/>\n"));
    assert.equal(saved?.state, "suspended");
  });
});
