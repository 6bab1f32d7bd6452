import { describe, expect, it } from "vitest";

import { buildInteractionActivityMetadata } from "./activity";
import { ids, interaction, party } from "./test-fixtures";

const logged = interaction({ body: "Confidential notes" });
const grace = party({
  id: "01900000-0000-7000-8000-00000000f001",
  rawName: "Grace",
  contactId: ids.grace,
  position: 0,
});
const bob = party({ id: "01900000-0000-7000-8000-00000000f002", rawName: "Bob", position: 1 });

describe("buildInteractionActivityMetadata", () => {
  const metadata = buildInteractionActivityMetadata({
    interaction: logged,
    changedFields: ["body", "parties"],
    addedParties: [grace],
    removedParties: [bob],
  });

  it("names the interaction, type and subject", () => {
    expect([metadata.interactionId, metadata.type, metadata.subject]).toEqual([
      ids.interaction,
      "note",
      "Kickoff",
    ]);
  });

  it("lists changed field names", () => {
    expect(metadata.changedFields).toEqual(["body", "parties"]);
  });

  it("lists added parties by identity and name", () => {
    expect(metadata.partiesAdded).toEqual([{ identity: `contact:${ids.grace}`, rawName: "Grace" }]);
  });

  it("lists removed parties by identity and name", () => {
    expect(metadata.partiesRemoved).toEqual([{ identity: "name:bob", rawName: "Bob" }]);
  });

  it("never holds the body", () => {
    expect(JSON.stringify(metadata)).not.toContain("Confidential");
  });
});
