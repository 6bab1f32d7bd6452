import { describe, expect, it } from "vitest";

import type { Party } from "./entities";
import { reconcileParties } from "./reconcile";
import type { PartyInput } from "./schemas";
import { ids, LATER, lookup, party, sequentialIds } from "./test-fixtures";

const oldSnapshot = {
  source: "contact",
  name: "Grace Brewster",
  companyId: ids.globex,
  company: "Globex",
  capturedAt: "2025-06-01T12:00:00Z",
} as const;

const gracePartyId = "01900000-0000-7000-8000-00000000f001";
const bobPartyId = "01900000-0000-7000-8000-00000000f002";

const current: Party[] = [
  party({
    id: gracePartyId,
    rawName: "Grace Brewster",
    contactId: ids.grace,
    snapshot: oldSnapshot,
    position: 0,
  }),
  party({ id: bobPartyId, rawName: "Bob", position: 1 }),
];

const context = () => ({ subjectContactId: ids.ada, lookup, now: LATER, newId: sequentialIds() });

async function reconcile(inputs: PartyInput[] | null | undefined) {
  const result = await reconcileParties(current, inputs, context());
  if (!result.ok) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
  return result;
}

describe("reconcileParties", () => {
  it("keeps the id of a kept contact party though the contact changed since", async () => {
    const result = await reconcile([{ rawName: "", contactId: ids.grace }]);
    expect(result.parties[0]?.id).toBe(gracePartyId);
  });

  it("keeps the snapshot of a kept contact party though the contact changed since", async () => {
    const result = await reconcile([{ rawName: "", contactId: ids.grace }]);
    expect(result.parties[0]?.snapshot).toEqual(oldSnapshot);
  });

  it("keeps the old name when the kept party's name is blank", async () => {
    const result = await reconcile([{ rawName: "", contactId: ids.grace }]);
    expect(result.parties[0]?.rawName).toBe("Grace Brewster");
  });

  it("lets a kept party change its name", async () => {
    const result = await reconcile([{ rawName: "Grace H.", contactId: ids.grace }]);
    expect(result.parties[0]?.rawName).toBe("Grace H.");
  });

  it("keeps a free-text party matched ignoring case", async () => {
    const result = await reconcile([{ rawName: " BOB " }]);
    expect(result.parties[0]?.id).toBe(bobPartyId);
  });

  it("renumbers positions", async () => {
    const result = await reconcile([{ rawName: "Bob" }, { rawName: "", contactId: ids.grace }]);
    expect(result.parties.map((kept) => [kept.id, kept.position])).toEqual([
      [bobPartyId, 0],
      [gracePartyId, 1],
    ]);
  });

  it("snapshots only a new identity", async () => {
    const result = await reconcile([{ rawName: "", staffPersonId: ids.linus }]);
    expect(result.added[0]?.snapshot.capturedAt).toBe("2026-03-02T08:00:00Z");
  });

  it("reports removed parties", async () => {
    const result = await reconcile([{ rawName: "Bob" }]);
    expect(result.removed.map((removed) => removed.id)).toEqual([gracePartyId]);
  });

  it("keeps all parties when inputs are undefined", async () => {
    expect((await reconcile(undefined)).parties).toEqual(current);
  });

  it("keeps all parties when inputs are null", async () => {
    expect((await reconcile(null)).parties).toEqual(current);
  });

  it("removes all parties for an empty list", async () => {
    expect((await reconcile([])).parties).toEqual([]);
  });

  it("reports every party removed for an empty list", async () => {
    expect((await reconcile([])).removed).toHaveLength(2);
  });

  it("refuses a new party that takes a current party's id", async () => {
    const result = await reconcileParties(current, [{ id: bobPartyId, rawName: "Eve" }], context());
    expect(result.ok ? {} : result.errors).toEqual({
      "parties.0.id": ["belongs to another party; leave it out to get a new id"],
    });
  });
});
