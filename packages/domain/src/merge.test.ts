import { describe, expect, it } from "vitest";

import { planUpdateInteraction } from "./interaction-plan";
import { mergeInteractionEdit } from "./merge";
import { ids, interaction, LATER, lookup, party, sequentialIds } from "./test-fixtures";

const bob = party({ id: "01900000-0000-7000-8000-00000000f002", rawName: "Bob", position: 0 });
const eve = party({ id: "01900000-0000-7000-8000-00000000f003", rawName: "Eve", position: 1 });
const base = interaction({ parties: [bob], updatedAt: new Date("2026-01-01T09:00:00Z") });

describe("mergeInteractionEdit", () => {
  it("keeps a body edit and a concurrent party addition", async () => {
    const current = interaction({ parties: [bob, eve], updatedAt: new Date("2026-01-02T00:00:00Z") });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { body: "Offline notes" } },
      current,
      editedAt: new Date("2026-01-01T12:00:00Z"),
    });
    const result = await planUpdateInteraction(
      current,
      { id: current.id, changes: merged.changes, parties: merged.parties },
      { lookup, now: LATER, newId: sequentialIds() },
    );
    if (!result.ok) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
    expect(result.interaction.body).toBe("Offline notes");
    expect(result.interaction.parties.map((kept) => kept.rawName)).toEqual(["Bob", "Eve"]);
  });

  it("keeps a party added by the edit and one added meanwhile", () => {
    const current = interaction({ parties: [bob, eve] });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: {}, parties: [{ rawName: "Bob" }, { rawName: "", contactId: ids.grace }] },
      current,
      editedAt: LATER,
    });
    expect(merged.parties?.map((kept) => kept.rawName)).toEqual(["Bob", "", "Eve"]);
  });

  it("removes a party the edit removed", () => {
    const current = interaction({ parties: [bob, eve] });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: {}, parties: [] },
      current,
      editedAt: LATER,
    });
    expect(merged.parties?.map((kept) => kept.rawName)).toEqual(["Eve"]);
  });

  it("does not bring back a party removed meanwhile", () => {
    const current = interaction({ parties: [] });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: {}, parties: [{ rawName: "Bob" }, { rawName: "Zed" }] },
      current,
      editedAt: LATER,
    });
    expect(merged.parties?.map((kept) => kept.rawName)).toEqual(["Zed"]);
  });

  it("leaves parties untouched when the edit kept them as they were", () => {
    const current = interaction({ parties: [bob, eve] });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: {}, parties: [{ rawName: " Bob " }] },
      current,
      editedAt: LATER,
    });
    expect(merged.parties).toBeUndefined();
  });

  it("keeps a field only current changed", () => {
    const current = interaction({ subject: "Renamed", updatedAt: LATER });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { subject: "Kickoff" } },
      current,
      editedAt: LATER,
    });
    expect(merged.changes).toEqual({});
  });

  it("gives a field both changed to the later edit", () => {
    const current = interaction({ body: "Theirs", updatedAt: new Date("2026-01-02T00:00:00Z") });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { body: "Mine" } },
      current,
      editedAt: new Date("2026-01-03T00:00:00Z"),
    });
    expect(merged.changes.body).toBe("Mine");
  });

  it("reports a field both changed as a conflict", () => {
    const current = interaction({ body: "Theirs", updatedAt: new Date("2026-01-02T00:00:00Z") });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { body: "Mine" } },
      current,
      editedAt: new Date("2026-01-03T00:00:00Z"),
    });
    expect(merged.conflicts).toEqual(["body"]);
  });

  it("keeps current's value when it is later than the edit", () => {
    const current = interaction({ body: "Theirs", updatedAt: new Date("2026-01-04T00:00:00Z") });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { body: "Mine" } },
      current,
      editedAt: new Date("2026-01-03T00:00:00Z"),
    });
    expect(merged.changes.body).toBeUndefined();
  });

  it("gives a tie to the edit", () => {
    const at = new Date("2026-01-02T00:00:00Z");
    const current = interaction({ body: "Theirs", updatedAt: at });
    const merged = mergeInteractionEdit({ base, edit: { changes: { body: "Mine" } }, current, editedAt: at });
    expect(merged.changes.body).toBe("Mine");
  });

  it("reports no conflict when both made the same change", () => {
    const current = interaction({ body: "Same", updatedAt: LATER });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { body: "Same" } },
      current,
      editedAt: LATER,
    });
    expect(merged.conflicts).toEqual([]);
  });

  it("compares occurredAt by instant", () => {
    const current = interaction({ occurredAt: new Date("2026-02-01T00:00:00Z") });
    const merged = mergeInteractionEdit({
      base,
      edit: { changes: { occurredAt: new Date(base.occurredAt.getTime()) } },
      current,
      editedAt: LATER,
    });
    expect(merged.changes).toEqual({});
  });
});
