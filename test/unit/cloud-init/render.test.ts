import { strict as assert } from "assert";
import { parse } from "yaml";
import { renderSeed, renderUserData, safeHostname } from "../../../provider/cloud-init/render";
import { cloudInitSchema, type CloudInit } from "../../../provider/cloud-init/schema";
import { seedStdin } from "../../../provider/cloud-init/seed-stdin";
import { checkVm } from "../../../provider/resources/vm/check";
import { planChanges } from "../../../provider/resources/vm/change-plan";
import { domainSpecFromInputs } from "../../../provider/resources/vm/domain-spec-from-inputs";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";

const ci = (value: unknown): CloudInit => cloudInitSchema.parse(value);
const HOSTILE = `it's "quoted" $(touch /tmp/pwned) \`id\` ; & <&> \\ 网站服务器 ünïcödé\nsecond line\n\n  indented: yes\n0644\ttab\n`;

/** The parts of a MIME multipart user-data, decoded. */
function mimeParts(text: string): Array<{ type: string; body: string }> {
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  assert.ok(boundary, "has a boundary");
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [head, body] = chunk.split("\n\n", 2) as [string, string];
      assert.match(head, /Content-Transfer-Encoding: base64/);
      return { type: /Content-Type: ([^;\n]+)/.exec(head)![1]!, body: Buffer.from(body.replace(/\n/g, ""), "base64").toString("utf8") };
    });
}

describe("cloud-init seed rendering", () => {
  it("passes user-data through byte for byte when no shortcut is given", () => {
    const userData = `#cloud-config\n# my comment\nwrite_files:\n  - path: /x\n    content: ${JSON.stringify(HOSTILE)}\n`;
    assert.equal(renderUserData(ci({ userData })), userData);
    const script = `#!/bin/sh\necho ${HOSTILE}`;
    assert.equal(renderUserData(ci({ userData: script })), script);
  });

  it("renders the shortcuts alone as #cloud-config (YAML 1.1 safe)", () => {
    const out = renderUserData(
      ci({
        hostname: "web-01",
        sshAuthorizedKeys: ["ssh-ed25519 AAAAC3Nza me@laptop"],
        packages: ["nginx"],
        writeFiles: [{ path: "/etc/motd", content: HOSTILE, permissions: "644", owner: "root:root" }, { path: "/etc/yes", content: "yes" }],
        runcmd: ["echo hi", ["touch", "/tmp/a b"]],
        users: [{ name: "alice", groups: ["sudo", "adm"], sudo: "ALL=(ALL) NOPASSWD:ALL", sshAuthorizedKeys: ["ssh-rsa AAAA alice"] }],
      }),
    );
    assert.ok(out.startsWith("#cloud-config\n"));
    const doc = parse(out, { version: "1.1" });
    assert.equal(doc.hostname, "web-01");
    assert.deepEqual(doc.ssh_authorized_keys, ["ssh-ed25519 AAAAC3Nza me@laptop"]);
    assert.deepEqual(doc.packages, ["nginx"]);
    assert.deepEqual(doc.write_files, [
      { path: "/etc/motd", content: HOSTILE, permissions: "0644", owner: "root:root" },
      { path: "/etc/yes", content: "yes" },
    ]);
    assert.deepEqual(doc.runcmd, ["echo hi", ["touch", "/tmp/a b"]]);
    assert.deepEqual(doc.users, [{ name: "alice", groups: "sudo, adm", sudo: "ALL=(ALL) NOPASSWD:ALL", ssh_authorized_keys: ["ssh-rsa AAAA alice"], lock_passwd: true }]);
    // "yes" and "0644" must stay strings for PyYAML (YAML 1.1): they are quoted.
    assert.match(out, /content: "yes"|content: 'yes'/);
  });

  it("merges the shortcuts into a #cloud-config document: lists append, hostname replaces, comments stay", () => {
    const userData = "#cloud-config\n# keep me\nhostname: old\npackages:\n  - git\nruncmd:\n  - [echo, first]\ntimezone: Europe/Berlin\n";
    const out = renderUserData(ci({ userData, hostname: "new", packages: ["nginx", "curl"], runcmd: ["echo second"] }));
    assert.ok(out.startsWith("#cloud-config\n"));
    assert.match(out, /# keep me/);
    const doc = parse(out, { version: "1.1" });
    assert.equal(doc.hostname, "new");
    assert.deepEqual(doc.packages, ["git", "nginx", "curl"]);
    assert.deepEqual(doc.runcmd, [["echo", "first"], "echo second"]);
    assert.equal(doc.timezone, "Europe/Berlin");
  });

  it("an empty #cloud-config document takes the shortcuts", () => {
    const doc = parse(renderUserData(ci({ userData: "#cloud-config\n", packages: ["vim"] })), { version: "1.1" });
    assert.deepEqual(doc, { packages: ["vim"] });
  });

  it("combines a script and shortcuts as MIME multipart, each part byte-exact", () => {
    const script = `#!/bin/bash\necho ${HOSTILE}`;
    const out = renderUserData(ci({ userData: script, packages: ["nginx"], hostname: "h" }));
    assert.match(out, /^Content-Type: multipart\/mixed; boundary="/);
    const parts = mimeParts(out);
    assert.deepEqual(parts.map((p) => p.type), ["text/cloud-config", "text/x-shellscript"]);
    assert.equal(parts[1]!.body, script);
    assert.deepEqual(parse(parts[0]!.body, { version: "1.1" }), { hostname: "h", packages: ["nginx"] });
    // Deterministic: the same inputs give the same seed (and instance-id).
    assert.equal(renderUserData(ci({ userData: script, packages: ["nginx"], hostname: "h" })), out);
  });

  it("meta-data: instance-id from the name and the seed content, local-hostname, user keys win", () => {
    const a = renderSeed("web 网站 01", ci({ userData: "#cloud-config\n" }));
    const meta = parse(a.files["meta-data"]);
    assert.match(meta["instance-id"], /^web-01-[0-9a-f]{12}$/);
    assert.equal(meta["local-hostname"], "web-01");
    assert.equal(a.instanceId, meta["instance-id"]);
    const b = renderSeed("web 网站 01", ci({ userData: "#cloud-config\npackages: [x]\n" }));
    assert.notEqual(b.instanceId, a.instanceId, "a changed seed is a new instance");
    assert.equal(renderSeed("web 网站 01", ci({ userData: "#cloud-config\n" })).instanceId, a.instanceId, "stable for the same seed");
    const c = renderSeed("vm", ci({ hostname: "db-1", metaData: "public-keys: [k]\nlocal-hostname: override\n", networkConfig: "version: 2\n" }));
    assert.deepEqual(parse(c.files["meta-data"]), { "instance-id": c.instanceId, "local-hostname": "override", "public-keys": ["k"] });
    assert.equal(c.files["network-config"], "version: 2\n");
    assert.equal(a.files["network-config"], undefined);
  });

  it("no user-data at all still gives cloud-init a valid (empty) cloud-config", () => {
    assert.equal(renderSeed("vm", ci({ networkConfig: "version: 2\n" })).files["user-data"], "#cloud-config\n{}\n");
  });

  it("safeHostname", () => {
    assert.equal(safeHostname("Web_Server.01"), "web-server-01");
    assert.equal(safeHostname("网站"), "vm");
    assert.equal(safeHostname("x".repeat(80)).length, 63);
  });

  it("seedStdin: one base64 line per file, then end", () => {
    const text = seedStdin({ "user-data": "a\nb", "meta-data": "m" });
    assert.equal(text, `user-data ${Buffer.from("a\nb").toString("base64")}\nmeta-data bQ==\nend\n`);
  });
});

describe("cloudInit in check, the domain and the change plan", () => {
  const base = { name: "web", memory: { size: 1024 }, disk: { size: 20 } };

  it("refuses shortcuts with user-data that is neither #cloud-config nor a script, and bad YAML, all at once", () => {
    const other = checkVm({}, { ...base, cloudInit: { userData: "#include\nhttp://x", packages: ["nginx"] } });
    assert.match(other.failures?.[0]?.reason ?? "", /#cloud-config or is a script/);
    assert.equal(other.failures?.[0]?.property, "cloudInit.userData");
    const bad = checkVm({}, { ...base, cloudInit: { userData: "#cloud-config\npackages: [unclosed\n", hostname: "h", metaData: "- a list" } });
    assert.deepEqual(bad.failures?.map((f) => f.property).sort(), ["cloudInit.metaData", "cloudInit.userData"]);
    const notList = checkVm({}, { ...base, cloudInit: { userData: "#cloud-config\npackages: nginx\n", packages: ["curl"] } });
    assert.match(notList.failures?.[0]?.reason ?? "", /"packages" is not a list/);
    const badHost = checkVm({}, { ...base, cloudInit: { hostname: "bad host", writeFiles: [{ path: "relative", content: "" }] } });
    assert.deepEqual(badHost.failures?.map((f) => f.property).sort(), ["cloudInit.hostname", "cloudInit.writeFiles[0].path"]);
    // Without shortcuts any user-data is passed through.
    assert.equal(checkVm({}, { ...base, cloudInit: { userData: "#include\nhttp://x" } }).failures, undefined);
  });

  it("the seed is a read-only IDE CD-ROM (hdd) from the VM's pool; isoPath keeps hdc", () => {
    const { inputs } = checkVm({}, { ...base, os: { isoPath: "/isos/x.iso" }, cloudInit: { hostname: "h" } });
    assert.ok(inputs);
    const spec = domainSpecFromInputs(inputs, { type: "kvm", defaultPool: "voidvm" });
    const cdroms = spec.disks.filter((d) => d.device === "cdrom");
    assert.deepEqual(cdroms, [
      { device: "cdrom", source: { file: "/isos/x.iso" }, format: "raw", bus: "ide", target: "hdc", readonly: true },
      { device: "cdrom", source: { pool: "voidvm", volume: "web-cidata.iso" }, format: "raw", bus: "ide", target: "hdd", readonly: true },
    ]);
  });

  it("changing cloudInit replaces the VM; the same cloudInit changes nothing", () => {
    const make = (extra: Record<string, unknown>) => checkVm({}, { ...base, ...extra }).inputs!;
    const olds = { ...make({ cloudInit: { packages: ["nginx"] } }), uuid: "u", observedState: "running", ipAddresses: [], macAddresses: [], inlineMacs: [], domainXml: "" } as VmOutputs;
    assert.deepEqual(planChanges(olds, make({ cloudInit: { packages: ["nginx", "php-fpm"] } })).changes, [{ path: "cloudInit", kind: "replace" }]);
    assert.deepEqual(planChanges(olds, make({})).changes, [{ path: "cloudInit", kind: "replace" }]);
    assert.deepEqual(planChanges(olds, make({ cloudInit: { packages: ["nginx"] } })).changes, []);
  });

  it("cloudInit with adopt is refused", () => {
    assert.match(checkVm({}, { ...base, adopt: true, cloudInit: {} }).failures?.[0]?.reason ?? "", /adopt/);
  });
});
