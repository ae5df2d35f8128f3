import { strict as assert } from "assert";
import { readFileSync, existsSync } from "fs";
import { join, resolve } from "path";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import { voidvmPolicies } from "../../../policy/policies";
import { voidvmType } from "../../../policy/support/resource-types";
import { REPO_ROOT } from "../../support/lab";
import { context } from "./helpers";

function byName(name: string) {
  const policy = voidvmPolicies(context()).find((p) => p.name === name);
  assert.ok(policy, `no policy ${name}`);
  return policy;
}

/** What the policy SDK hands validateResource, for a resource of the given type. */
function resourceArgs(type: string, name: string, props: Record<string, unknown>, config: object = {}): ResourceValidationArgs {
  return { type, name, props, urn: `urn:pulumi:dev::p::${type}::${name}`, getConfig: <T extends object>() => config as T } as unknown as ResourceValidationArgs;
}

describe("the VoidVM policy pack", () => {
  it("has the security rules mandatory, the hygiene rule advisory, and a stack budget", () => {
    const levels = Object.fromEntries(voidvmPolicies(context()).map((p) => [p.name, p.enforcementLevel]));
    assert.deepEqual(levels, {
      "hardware-bounds": "mandatory",
      "ssh-host-key-verified": "mandatory",
      "vnc-loopback-or-password": "mandatory",
      "admin-ports-not-public": "mandatory",
      "snapshot-retention-set": "mandatory",
      "vm-has-description": "advisory",
      "host-budget": "mandatory",
    });
    assert.ok("validateStack" in byName("host-budget"));
  });

  it("matches VoidVM resources on their dynamic-resource type and leaves every other resource alone", () => {
    const policy = byName("vm-has-description") as ResourceValidationPolicy;
    const validate = policy.validateResource as (args: ResourceValidationArgs, report: (m: string) => void) => void;
    const reported: string[] = [];
    validate(resourceArgs("pulumi-nodejs:dynamic/voidvm:VirtualMachine", "web", { memory: { size: 1024 } }), (m) => reported.push(m));
    validate(resourceArgs("pulumi-nodejs:dynamic/voidvm:Disk", "data", { size: 20 }), (m) => reported.push(m));
    validate(resourceArgs("pulumi-nodejs:dynamic/other:VirtualMachine", "x", {}), (m) => reported.push(m));
    validate(resourceArgs("aws:ec2/instance:Instance", "y", {}), (m) => reported.push(m));
    assert.deepEqual(reported.map((m) => m.slice(0, 25)), ['VirtualMachine "web" has ']);
  });

  it("reads each policy's settings from its config when it runs", () => {
    const policy = byName("hardware-bounds") as ResourceValidationPolicy;
    const validate = policy.validateResource as (args: ResourceValidationArgs, report: (m: string) => void) => void;
    const reported: string[] = [];
    const vm = { memory: { size: 1024 }, cpu: { cores: 4 } };
    validate(resourceArgs(voidvmType("VirtualMachine"), "web", vm), (m) => reported.push(m));
    validate(resourceArgs(voidvmType("VirtualMachine"), "web", vm, { maxVcpus: 2 }), (m) => reported.push(m));
    assert.equal(reported.length, 1);
    assert.match(reported[0] ?? "", /more than the limit of 2/);
  });

  it("gives the stack policy only the VoidVM resources", () => {
    const policy = byName("host-budget") as StackValidationPolicy;
    const reported: string[] = [];
    const resources = [
      { type: voidvmType("VirtualMachine"), name: "a", props: { memory: { size: 2048 }, connection: { host: "h" } } },
      { type: "other:index:VirtualMachine", name: "b", props: { memory: { size: 999999 }, connection: { host: "h" } } },
    ] as unknown as PolicyResource[];
    const args = { resources, getConfig: <T extends object>() => ({ maxMemory: 2048 }) as T } as unknown as StackValidationArgs;
    void policy.validateStack(args, (m: string) => reported.push(m));
    assert.deepEqual(reported, []);
  });

  it("ships as a runnable pack: PulumiPolicy.yaml (compiled JavaScript), a versioned package.json whose main is built", () => {
    const dir = join(REPO_ROOT, "policy");
    const project = parse(readFileSync(join(dir, "PulumiPolicy.yaml"), "utf8")) as { runtime: { name: string; options: { typescript: boolean } } };
    assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: false } });
    const pack = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string; main: string };
    const root = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string; files: string[]; dependencies: Record<string, string> };
    assert.equal(pack.version, root.version, "the pack's version follows the package's");
    assert.ok(existsSync(resolve(dir, pack.main)), `${pack.main} (from policy/) is not built`);
    for (const file of ["dist/policy", "policy/PulumiPolicy.yaml", "policy/package.json"]) assert.ok(root.files.includes(file), `package.json files lacks ${file}`);
    assert.ok(root.dependencies["@pulumi/policy"], "@pulumi/policy must be a dependency, so that the pack runs where the package is installed");
  });
});
