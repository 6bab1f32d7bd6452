import { describe, expect, it } from "vitest";

import { normalizeParties, partyIdentity, type PartyContext } from "./parties";
import type { PartyInput } from "./schemas";
import { ids, lookup, NOW, sequentialIds } from "./test-fixtures";

const context = (): PartyContext => ({ subjectContactId: ids.ada, lookup, now: NOW, newId: sequentialIds() });

async function plan(inputs: PartyInput[]) {
  const result = await normalizeParties(inputs, context());
  if (!result.ok) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
  return result.parties;
}

async function errors(inputs: PartyInput[]) {
  const result = await normalizeParties(inputs, context());
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("partyIdentity", () => {
  it("uses the contact first", () => {
    expect(partyIdentity({ rawName: "x", contactId: ids.grace, staffPersonId: ids.linus })).toBe(
      `contact:${ids.grace}`,
    );
  });

  it("uses the staff person next", () => {
    expect(partyIdentity({ rawName: "x", staffPersonId: ids.linus })).toBe(`staff:${ids.linus}`);
  });

  it("uses the trimmed lowercased name for free text", () => {
    expect(partyIdentity({ rawName: "  Bob SMITH " })).toBe("name:bob smith");
  });

  it("ignores the case of ids", () => {
    expect(partyIdentity({ rawName: "", contactId: ids.grace.toUpperCase() })).toBe(`contact:${ids.grace}`);
  });
});

describe("normalizeParties", () => {
  it("drops a blank free-text party", async () => {
    const parties = await plan([{ rawName: "   " }, { rawName: "Bob" }]);
    expect(parties.map((party) => party.rawName)).toEqual(["Bob"]);
  });

  it("numbers positions after drops", async () => {
    const parties = await plan([{ rawName: "" }, { rawName: "Bob" }, { rawName: "Eve" }]);
    expect(parties.map((party) => party.position)).toEqual([0, 1]);
  });

  it("gives a resolved party with a blank name the display name", async () => {
    const [party] = await plan([{ rawName: " ", contactId: ids.grace }]);
    expect(party?.rawName).toBe("Grace Hopper");
  });

  it("falls back to the email as display name", async () => {
    const [party] = await plan([{ rawName: "", contactId: ids.alan }]);
    expect(party?.rawName).toBe("alan@example.com");
  });

  it("gives a staff party with a blank name the staff name", async () => {
    const [party] = await plan([{ rawName: "", staffPersonId: ids.linus }]);
    expect(party?.rawName).toBe("Linus");
  });

  it("keeps a typed name over the display name", async () => {
    const [party] = await plan([{ rawName: " Gracie ", contactId: ids.grace }]);
    expect(party?.rawName).toBe("Gracie");
  });

  it("drops the subject named as party", async () => {
    const parties = await plan([{ rawName: "Ada", contactId: ids.ada }, { rawName: "Bob" }]);
    expect(parties.map((party) => party.identity)).toEqual(["name:bob"]);
  });

  it("collapses duplicate names ignoring case and spaces", async () => {
    const parties = await plan([{ rawName: "Bob" }, { rawName: "  bob " }]);
    expect(parties.map((party) => party.rawName)).toEqual(["Bob"]);
  });

  it("collapses duplicate contacts into the first", async () => {
    const parties = await plan([
      { rawName: "First", contactId: ids.grace },
      { rawName: "Second", contactId: ids.grace },
    ]);
    expect(parties.map((party) => party.rawName)).toEqual(["First"]);
  });

  it("rejects a 256-character name at its original index", async () => {
    const result = await errors([{ rawName: "" }, { rawName: "Bob" }, { rawName: "x".repeat(256) }]);
    expect(result).toEqual({ "parties.2.rawName": ["must be at most 255 characters"] });
  });

  it("rejects both references", async () => {
    const result = await errors([{ rawName: "X", contactId: ids.grace, staffPersonId: ids.linus }]);
    expect(Object.keys(result)).toEqual(["parties.0.staffPersonId"]);
  });

  it("rejects an unknown contact", async () => {
    const result = await errors([{ rawName: "Bob" }, { rawName: "Ghost", contactId: ids.unknown }]);
    expect(result).toEqual({ "parties.1.contactId": ["contact not found in this workspace"] });
  });

  it("rejects an unknown staff person", async () => {
    const result = await errors([{ rawName: "Ghost", staffPersonId: ids.unknown }]);
    expect(result).toEqual({ "parties.0.staffPersonId": ["staff person not found in this workspace"] });
  });

  it("rejects a malformed contact id", async () => {
    const result = await errors([{ rawName: "X", contactId: "12" }]);
    expect(result).toEqual({ "parties.0.contactId": ["must be a UUID"] });
  });

  it("rejects a malformed party id", async () => {
    const result = await errors([{ id: "nope", rawName: "X" }]);
    expect(result).toEqual({ "parties.0.id": ["must be a UUID"] });
  });

  it("reports every invalid party", async () => {
    const result = await errors([{ rawName: "x".repeat(256) }, { rawName: "G", contactId: ids.unknown }]);
    expect(Object.keys(result)).toEqual(["parties.0.rawName", "parties.1.contactId"]);
  });

  it("accepts a trashed contact as a reference", async () => {
    const parties = await plan([{ rawName: "", contactId: ids.alan }]);
    expect(parties[0]?.contactId).toBe(ids.alan);
  });

  it("uses the input's own id", async () => {
    const id = "01900000-0000-7000-8000-00000000abcd";
    const [party] = await plan([{ id, rawName: "Bob" }]);
    expect(party?.id).toBe(id);
  });

  it("takes a new id when none is given", async () => {
    const [party] = await plan([{ rawName: "Bob" }]);
    expect(party?.id).toBe("01900000-0000-7000-9000-000000000001");
  });

  it("rejects one id given to two parties", async () => {
    const id = "01900000-0000-7000-8000-00000000abcd";
    const result = await errors([
      { id, rawName: "Bob" },
      { id, rawName: "Eve" },
    ]);
    expect(Object.keys(result)).toEqual(["parties.1.id"]);
  });

  it("snapshots a contact party", async () => {
    const [party] = await plan([{ rawName: "", contactId: ids.grace }]);
    expect(party?.snapshot).toEqual({
      source: "contact",
      name: "Grace Hopper",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("snapshots a staff party", async () => {
    const [party] = await plan([{ rawName: "", staffPersonId: ids.linus }]);
    expect(party?.snapshot.source).toBe("staff");
  });

  it("snapshots a free-text party", async () => {
    const [party] = await plan([{ rawName: "Bob" }]);
    expect(party?.snapshot).toEqual({ source: "free_text", capturedAt: "2026-03-01T10:15:00Z" });
  });

  it("treats a blank reference as none", async () => {
    const [party] = await plan([{ rawName: "Bob", contactId: "", staffPersonId: null }]);
    expect(party?.contactId).toBeNull();
  });
});
