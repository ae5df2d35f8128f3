import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../../sdk";
import { fromTemplate, templates, type TemplateCatalog, type VmTemplate } from "../../../sdk/templates";
import { checkVm } from "../../../provider/resources/vm/check";

describe("VM templates", () => {
  it("the catalog holds the product's templates with their documented sizes and Debian packages", () => {
    assert.deepEqual(Object.keys(templates).sort(), ["database", "desktop", "dev-environment", "web-server"]);
    const web = templates["web-server"];
    assert.equal(web.category, "web");
    assert.deepEqual([web.args.cpu.cores, web.args.memory.size, web.args.disk.size], [2, 2048, 30]);
    assert.deepEqual(web.args.cloudInit.packages, ["nginx", "php-fpm", "php-mysql", "default-mysql-server"]);
    const dev = templates["dev-environment"];
    assert.equal(dev.category, "development");
    assert.deepEqual([dev.args.cpu.cores, dev.args.memory.size, dev.args.disk.size], [4, 4096, 50]);
    for (const p of ["nodejs", "python3", "docker.io"]) assert.ok(dev.args.cloudInit.packages.includes(p as never), p);
    assert.equal(templates.database.category, "database");
    assert.ok((templates.database.args.cloudInit.packages as readonly string[]).includes("postgresql"));
    assert.equal(templates.desktop.category, "desktop");
    assert.equal(templates.desktop.args.vnc.enabled, true);
    for (const [id, t] of Object.entries(templates)) assert.equal(t.id, id);
  });

  it("is exported from the package root", () => {
    assert.equal(sdk.templates, templates);
    assert.equal(sdk.fromTemplate, fromTemplate);
    assert.equal(typeof sdk.createFromTemplate, "function");
  });

  it("fromTemplate deep-merges objects: an override keeps the template's other fields", () => {
    const args = fromTemplate("web-server", { memory: { size: 4096 }, disk: { image: "voidvm/debian.qcow2" }, description: "prod" });
    assert.deepEqual(args.memory, { size: 4096 });
    assert.deepEqual(args.cpu, { cores: 2 });
    assert.deepEqual(args.disk, { size: 30, image: "voidvm/debian.qcow2" });
    assert.equal(args.description, "prod");
    assert.deepEqual(args.cloudInit?.packages, ["nginx", "php-fpm", "php-mysql", "default-mysql-server"]);
  });

  it("arrays replace, undefined is ignored, and the catalog is never modified", () => {
    const args = fromTemplate("dev-environment", { cloudInit: { packages: ["git"], hostname: "dev" }, cpu: { cores: undefined, threads: 2 } });
    assert.deepEqual(args.cloudInit, { packages: ["git"], hostname: "dev" });
    assert.deepEqual(args.cpu, { cores: 4, threads: 2 });
    (args.cloudInit!.packages as string[]).push("mutated");
    (args.memory as { size: number }).size = 1;
    assert.deepEqual(templates["dev-environment"].args.cloudInit.packages, ["nodejs", "npm", "python3", "python3-pip", "docker.io"]);
    assert.equal(templates["dev-environment"].args.memory.size, 4096);
  });

  it("an Output override replaces rather than being merged into", () => {
    const memory = pulumi.output({ size: 8192 });
    const args = fromTemplate("database", { memory });
    assert.equal(args.memory, memory);
  });

  it("an unknown id throws an error listing the known ids", () => {
    assert.throws(() => fromTemplate("mail-server"), (e: Error) => {
      assert.match(e.message, /Unknown VM template "mail-server"/);
      assert.match(e.message, /database, desktop, dev-environment, web-server/);
      return true;
    });
    // Not fooled by Object.prototype keys.
    assert.throws(() => fromTemplate("toString"), /Unknown VM template/);
  });

  it("users define their own catalog with the same type", () => {
    const mine: TemplateCatalog = {
      tiny: { id: "tiny", category: "ci", description: "CI runner", guestOs: "debian-12", args: { cpu: { cores: 1 }, memory: { size: 512 }, disk: { size: 10 } } } satisfies VmTemplate,
    };
    assert.deepEqual(fromTemplate("tiny", { memory: { size: 1024 } }, mine).memory, { size: 1024 });
    assert.throws(() => fromTemplate("web-server", {}, mine), /Known templates: tiny\./);
  });

  it("every template's arguments pass the provider's own check (with the image left to the user)", () => {
    for (const id of Object.keys(templates)) {
      const args = fromTemplate(id, { name: `t-${id}` });
      const outcome = checkVm({}, JSON.parse(JSON.stringify(args)) as Record<string, unknown>);
      assert.equal(outcome.failures, undefined, `${id}: ${JSON.stringify(outcome.failures)}`);
    }
  });
});
