import { strict as assert } from "assert";
import { existsSync, readFileSync } from "fs";
import { virsh } from "../../provider/libvirt/virsh";
import { RULES_FILE } from "../../provider/nft/boot-hook";
import { freeAddress } from "../support/free-address";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { httpGet } from "../support/guest";
import { labHost, labSettings, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";

/** Stack A: a VM, a hot-plugged NIC with a fixed address, and a forward to that NIC. */
const FIRST = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("pf");
const network = cfg.require("network");
const port = cfg.requireNumber("port");
const vm = new voidvm.VirtualMachine("web", {
  name: cfg.require("vmName"),
  cpu: { cores: 1 },
  memory: { size: 256 },
  os: { kernel: cfg.require("kernel"), initrd: cfg.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ type: "network", source: network }] },
  stopTimeout: 20,
  waitForIp: 120,
  limits: { minMemory: 128, minDiskSize: 1 },
});
const lan = new voidvm.NetworkInterface("lan", { vm, source: network, fixedIpAddress: cfg.require("fixedIp") });
const web = new voidvm.PortForward("web", {
  vm,
  mac: lan.mac,
  rules: [
    { hostPort: port, guestPort: 80 },
    { protocol: "udp", hostPort: port + 1, guestPort: 7 },
  ],
});
export const vmName = vm.name;
export const mac = lan.mac;
export const nicIp = lan.ipAddress;
export const forwardId = web.forwardId;
export const forwardedTo = web.forwardedTo;
`;

/** Stack B: another project forwarding the same host port to the same VM. */
const SECOND = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("pf");
new voidvm.PortForward("same-port", { vm: cfg.require("vmName"), rules: [{ hostPort: cfg.requireNumber("port"), guestPort: 80 }] });
`;

/** Stack config pointing a program at the lab (importing quickstart.test would run its tests too). */
function labStackConfig(): { config: Record<string, string>; secrets: Record<string, string> } {
  const lab = labSettings();
  return {
    config: { "voidvm:host": lab.host, "voidvm:port": String(lab.port), "voidvm:user": lab.user, "voidvm:hostKey": lab.hostKey, "voidvm:pool": lab.pool, "voidvm:sudo": "true" },
    secrets: { "voidvm:privateKey": readFileSync(lab.privateKeyPath, "utf8") },
  };
}


describe("port forwarding through the real Pulumi CLI: two stacks, one host port", function () {
  this.timeout(1_200_000);
  const port = 30000 + Math.floor(Math.random() * 2000) * 2;
  const vmName = testName("pfe2e");
  let first: PulumiProgram;
  let second: PulumiProgram;
  let upDone = false;
  let outputs: Record<string, unknown> = {};

  before(async () => {
    const lab = labStackConfig();
    const shared = { ...lab.config, "pf:port": String(port), "pf:vmName": vmName, "pf:network": labSettings().network };
    first = await PulumiProgram.create({
      name: "pf-first",
      source: FIRST,
      config: { ...shared, "pf:kernel": labSettings().guest.kernel, "pf:initrd": labSettings().guest.initrd, "pf:fixedIp": await freeAddress() },
      secrets: lab.secrets,
    });
    second = await PulumiProgram.create({ name: "pf-second", source: SECOND, config: shared, secrets: lab.secrets });
  });

  after(async () => {
    await second?.destroy().catch(() => undefined);
    if (upDone) await first?.destroy().catch(() => undefined);
    first?.remove();
    second?.remove();
    closeAllConnections();
  });

  it("pulumi up: the forward reaches the guest on the host's external address and 127.0.0.1, through the NIC's fixed address", async () => {
    await first.up();
    upDone = true;
    outputs = await first.outputs();
    assert.equal(outputs.vmName, vmName);
    assert.equal(outputs.nicIp, outputs.forwardedTo, `the forward follows the NIC's reserved address: ${JSON.stringify(outputs)}`);
    assert.match(await httpGet(`http://192.168.122.1:${port}/`, 120_000), /voidvm test guest/);
    assert.match(await httpGet(`http://127.0.0.1:${port}/`), /voidvm test guest/);
  });

  it("the next preview shows no changes (the VM does not report the NIC as drift), also after a refresh", async () => {
    const preview = await first.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    await first.refresh();
    const again = await first.preview(["--expect-no-changes"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it("a second stack forwarding the same host port is refused with a clear message; the first keeps working", async () => {
    const result = await second.cli(["up", "--yes", "--skip-preview"], { allowFailure: true });
    assert.notEqual(result.code, 0, "the second up must fail");
    const text = result.stdout + result.stderr;
    assert.match(text, new RegExp(`tcp port ${port} on all host addresses is already forwarded by another VoidVM PortForward`));
    assert.match(text, new RegExp(`voidvm:${String(outputs.forwardId)}`));
    assert.match(text, /choose another hostPort/);
    assert.match(await httpGet(`http://192.168.122.1:${port}/`), /voidvm test guest/);
    assert.match(await httpGet(`http://127.0.0.1:${port}/`), /voidvm test guest/);
  });

  it("pulumi destroy leaves no VoidVM nft rule, iptables opening or DHCP reservation behind", async () => {
    await second.destroy();
    await first.destroy();
    upDone = false;
    const host = labHost();
    const table = await host.run(["nft", "list", "table", "ip", "voidvm"], { sudo: true, allowFailure: true });
    assert.doesNotMatch(table.stdout, new RegExp(`voidvm:${String(outputs.forwardId)}`));
    const openings = (await host.run(["iptables", "-w", "-S", "FORWARD"], { sudo: true })).stdout;
    assert.doesNotMatch(openings, new RegExp(`voidvm:${String(outputs.forwardId)}`));
    if (existsSync(RULES_FILE)) assert.doesNotMatch(readFileSync(RULES_FILE, "utf8"), new RegExp(`voidvm:${String(outputs.forwardId)}`));
    const network = (await virsh(host, ["net-dumpxml", "--", labSettings().network])).stdout.toLowerCase();
    assert.doesNotMatch(network, new RegExp(String(outputs.mac)), "no DHCP reservation for the NIC's MAC");
    assert.notEqual((await virsh(host, ["domstate", "--", vmName], { allowFailure: true })).exitCode, 0, "the VM is gone");
  });
});
