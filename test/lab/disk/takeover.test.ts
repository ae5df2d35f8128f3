import { strict as assert } from "assert";
import { diskProvider } from "../../../provider/resources/disk/provider";
import type { DiskOutputs } from "../../../provider/resources/disk/outputs";
import type { DiskInputs } from "../../../provider/resources/disk/schema";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { labConnection, labSettings, labVolumeSha256, onLabHost, testName } from "../../support/lab";
import { removeVolume } from "./disk-harness";

/** A Disk's inputs as the SDK sends them: no name, the resource name as prefix, the owner. */
async function checked(resourceName: string, owner: string, extra: Record<string, unknown> = {}): Promise<DiskInputs> {
  const raw = { connection: labConnection(), pool: labSettings().pool, autonamePrefix: resourceName, owner, size: 1, limits: { minDiskSize: 1 }, ...extra };
  const outcome = await diskProvider.check({} as DiskInputs, raw as unknown as DiskInputs);
  assert.ok(outcome.inputs, JSON.stringify(outcome.failures));
  return outcome.inputs;
}

async function create(inputs: DiskInputs): Promise<{ id: string; outs: DiskOutputs }> {
  const created = await diskProvider.create(inputs);
  return { id: created.id, outs: created.outs as DiskOutputs };
}

describe("Disk on the lab: a volume left by a killed `pulumi up` is taken over with its data", function () {
  this.timeout(300_000);
  const resourceName = testName("dtake");
  const owner = `interrupted/test/Disk/${resourceName}`;
  const made: string[] = [];

  after(async () => {
    for (const volume of made) await removeVolume(volume);
    closeAllConnections();
  });

  it("the same Disk of the same stack, created again with no state, gets the same volume back, bytes unchanged", async () => {
    const inputs = await checked(resourceName, owner);
    const first = await create(inputs);
    made.push(first.outs.volume.name);
    await onLabHost('t=$(mktemp) && printf "data the user wrote" > "$t" && virsh -q -c "$1" vol-upload --pool "$2" --vol "$3" --file "$t"; rm -f "$t"', [
      labSettings().uri,
      first.outs.volume.pool,
      first.outs.volume.name,
    ]);
    const before = await labVolumeSha256(first.outs.volume.name);

    // The state lost the create (pending create cleared): check runs with no olds, create again.
    const again = await checked(resourceName, owner);
    assert.equal(again.name, inputs.name, "the owner-generated name comes back");
    const second = await create(again);
    assert.equal(second.id, first.id, "the same volume");
    assert.equal(await labVolumeSha256(first.outs.volume.name), before, "its bytes kept");
  });

  it("under a name the program gave: its owner mark decides, this Disk's own is taken over, another's refused and kept", async () => {
    const named = await checked(resourceName, owner, { name: `${resourceName}-given` });
    const first = await create(named);
    made.push(first.outs.volume.name);
    const before = await labVolumeSha256(first.outs.volume.name);
    assert.equal((await create(named)).id, first.id, "this Disk's own volume is taken over");
    const foreign = await checked(resourceName, `interrupted/prod/Disk/${resourceName}`, { name: `${resourceName}-given` });
    await assert.rejects(create(foreign), /already exists in pool .* cannot create it\. It belongs to another VoidVM resource \(interrupted\/test\/Disk\//);
    assert.equal(await labVolumeSha256(first.outs.volume.name), before, "still there, bytes unchanged");
  });

  it("another stack's Disk of the same resource name gets a name of its own", async () => {
    assert.notEqual((await checked(resourceName, `interrupted/prod/Disk/${resourceName}`)).name, (await checked(resourceName, owner)).name);
  });
});
