import { strict as assert } from "assert";
import { parseSnapshotXml } from "../../../provider/xml/parse-snapshot";
import { snapshotXmlWithDescription } from "../../../provider/xml/redefine-snapshot";
import { parseXml } from "../../../provider/xml/xml-nodes";
import { virshOutput } from "../../support/virsh-output";

// The domain inside gets a description of its own, which must stay as it is.
const SNAPSHOT = virshOutput("snapshot-dumpxml-security-info").replace("<name>vvt-xmlwt-dom</name>", "$&\n    <description>the domain's own</description>");

describe("snapshotXmlWithDescription", () => {
  it("replaces the snapshot's description and nothing else", async () => {
    const edited = await snapshotXmlWithDescription(SNAPSHOT, "new <&> text\n[voidvm memory=no captured=stopped]");
    assert.deepEqual(await parseXml(edited.replace(/<description>new[\s\S]*?<\/description>/, "")), await parseXml(SNAPSHOT.replace(/<description>first[\s\S]*?<\/description>/, "")));
    const record = await parseSnapshotXml(edited);
    assert.equal(record.description, "new <&> text");
    assert.equal(record.madeBy, "voidvm");
    assert.match(edited, /^<domainsnapshot>\n {2}<name>s1<\/name>\n {2}<description>new &lt;&amp;&gt; text\n/, "the description follows the name");
    assert.match(edited, /<description>the domain's own<\/description>/);
  });

  it("adds a description after the name, and an empty one removes it", async () => {
    const removed = await snapshotXmlWithDescription(SNAPSHOT, "");
    assert.equal((await parseSnapshotXml(removed)).description, undefined);
    assert.match(removed, /<description>the domain's own<\/description>/);
    const added = await snapshotXmlWithDescription(removed, "added");
    assert.match(added, /^<domainsnapshot>\n {2}<name>s1<\/name>\n {2}<description>added<\/description>\n {2}<state>/);
  });
});
