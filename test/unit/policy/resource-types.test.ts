import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { voidvmKind, voidvmType } from "../../../policy/support/resource-types";
import { PortForward, SnapshotSchedule, VirtualMachine } from "../../../sdk";

describe("policy resource types", () => {
  const registered: string[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args.type);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "project",
      "stack",
      true,
    );
  });

  it("are the types the SDK registers its resources under", async () => {
    const vm = new VirtualMachine("web", { memory: { size: 1024 }, os: { kernel: "/k" } });
    const forward = new PortForward("fwd", { vm: "web", rules: [{ hostPort: 80 }] });
    const schedule = new SnapshotSchedule("nightly", { vm: "web", schedule: "@daily" });
    await new Promise<void>((done) => pulumi.all([vm.urn, forward.urn, schedule.urn]).apply(() => done()));
    assert.deepEqual(registered.sort(), [voidvmType("PortForward"), voidvmType("SnapshotSchedule"), voidvmType("VirtualMachine")]);
    assert.equal(voidvmType("VirtualMachine"), "pulumi-nodejs:dynamic/voidvm:VirtualMachine");
  });

  it("map back to the kind, and other types to none", () => {
    assert.equal(voidvmKind("pulumi-nodejs:dynamic/voidvm:Disk"), "Disk");
    assert.equal(voidvmKind("pulumi-nodejs:dynamic:Thing"), undefined);
  });
});
