import { describe, expect, it } from "vitest";

import {
  planCreateInteraction,
  planUpdateInteraction,
  validateInteractionInput,
  type CreatePlanContext,
} from "./interaction-plan";
import type { InteractionCreateInput } from "./schemas";
import { ids, interaction, LATER, lookup, NOW, party, sequentialIds } from "./test-fixtures";

const createContext = (): CreatePlanContext => ({
  lookup,
  now: NOW,
  newId: sequentialIds(),
  ownerUserId: ids.owner,
  workspaceId: ids.workspace,
});

async function planned(input: InteractionCreateInput) {
  const result = await planCreateInteraction(input, createContext());
  if (!result.ok) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
  return result.interaction;
}

describe("planCreateInteraction", () => {
  it("defaults the type to note", async () => {
    expect((await planned({ interaction: { contactId: ids.ada } })).type).toBe("note");
  });

  it("defaults occurredAt to now when omitted", async () => {
    expect((await planned({ interaction: { contactId: ids.ada } })).occurredAt).toEqual(NOW);
  });

  it("keeps a given occurredAt", async () => {
    const occurredAt = new Date("2025-12-24T18:00:00Z");
    expect((await planned({ interaction: { contactId: ids.ada, occurredAt } })).occurredAt).toEqual(
      occurredAt,
    );
  });

  it("rejects an unparsable occurredAt instead of using now", async () => {
    const result = await planCreateInteraction(
      { interaction: { contactId: ids.ada, occurredAt: new Date(Number.NaN) } },
      createContext(),
    );
    expect(result.ok ? {} : result.errors).toEqual({
      "interaction.occurredAt": ["must be a valid date and time"],
    });
  });

  it("rejects an invalid time zone", async () => {
    const result = await planCreateInteraction(
      { interaction: { contactId: ids.ada, timeZone: "Europe/Nowhere" } },
      createContext(),
    );
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual(["interaction.timeZone"]);
  });

  it("rejects an unknown subject contact", async () => {
    const result = await planCreateInteraction({ interaction: { contactId: ids.unknown } }, createContext());
    expect(result.ok ? {} : result.errors).toEqual({
      "interaction.contactId": ["contact not found in this workspace"],
    });
  });

  it("reports party errors together with the subject error", async () => {
    const result = await planCreateInteraction(
      { interaction: { contactId: ids.unknown }, parties: [{ rawName: "x".repeat(256) }] },
      createContext(),
    );
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual([
      "interaction.contactId",
      "parties.0.rawName",
    ]);
  });

  it("snapshots the subject", async () => {
    const { subjectSnapshot } = await planned({ interaction: { contactId: ids.ada } });
    expect(subjectSnapshot).toMatchObject({
      source: "contact",
      company: "Acme",
      capturedAt: "2026-03-01T10:15:00Z",
    });
  });

  it("uses the given interaction id", async () => {
    const id = "01900000-0000-7000-8000-00000000aaaa";
    expect((await planned({ interaction: { id, contactId: ids.ada } })).id).toBe(id);
  });

  it("sets owner and workspace from the context", async () => {
    const created = await planned({ interaction: { contactId: ids.ada } });
    expect([created.ownerUserId, created.workspaceId]).toEqual([ids.owner, ids.workspace]);
  });

  it("includes normalized parties without the subject", async () => {
    const created = await planned({
      interaction: { contactId: ids.ada },
      parties: [
        { rawName: "Ada", contactId: ids.ada },
        { rawName: "", contactId: ids.grace },
      ],
    });
    expect(created.parties.map((planned) => planned.rawName)).toEqual(["Grace Hopper"]);
  });

  it("stores parties without the planning identity", async () => {
    const created = await planned({ interaction: { contactId: ids.ada }, parties: [{ rawName: "Bob" }] });
    expect(Object.keys(created.parties[0] ?? {})).not.toContain("identity");
  });

  it("starts without files", async () => {
    expect((await planned({ interaction: { contactId: ids.ada }, fileIds: [] })).files).toEqual([]);
  });
});

describe("planUpdateInteraction", () => {
  const current = interaction({
    parties: [party({ id: "01900000-0000-7000-8000-00000000f002", rawName: "Bob", position: 0 })],
  });
  const context = () => ({ lookup, now: LATER, newId: sequentialIds() });

  async function updated(input: Parameters<typeof planUpdateInteraction>[1]) {
    const result = await planUpdateInteraction(current, input, context());
    if (!result.ok) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
    return result;
  }

  it("applies a changed body", async () => {
    const result = await updated({ id: current.id, changes: { body: "New" } });
    expect(result.interaction.body).toBe("New");
  });

  it("reports the changed fields", async () => {
    const result = await updated({ id: current.id, changes: { body: "New", subject: "Kickoff" } });
    expect(result.changedFields).toEqual(["body"]);
  });

  it("reports a changed party list", async () => {
    const result = await updated({ id: current.id, changes: {}, parties: [] });
    expect(result.changedFields).toEqual(["parties"]);
  });

  it("reports removed parties", async () => {
    const result = await updated({ id: current.id, changes: {}, parties: [] });
    expect(result.removedParties.map((removed) => removed.rawName)).toEqual(["Bob"]);
  });

  it("clears the subject with null", async () => {
    const result = await updated({ id: current.id, changes: { subject: null } });
    expect(result.interaction.subject).toBeNull();
  });

  it("stamps updatedAt with now", async () => {
    const result = await updated({ id: current.id, changes: {} });
    expect(result.interaction.updatedAt).toEqual(LATER);
  });

  it("never changes the subject contact", async () => {
    const result = await planUpdateInteraction(
      current,
      { id: current.id, changes: { contactId: ids.grace } as never },
      context(),
    );
    expect(result.ok ? {} : result.errors).toEqual({
      changes: ["cannot change contactId of an interaction"],
    });
  });

  it("rejects input for another interaction", async () => {
    const result = await planUpdateInteraction(current, { id: ids.ada, changes: {} }, context());
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual(["id"]);
  });

  it("keys party errors by the original index", async () => {
    const result = await planUpdateInteraction(
      current,
      { id: current.id, changes: {}, parties: [{ rawName: "" }, { rawName: "G", contactId: ids.unknown }] },
      context(),
    );
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual(["parties.1.contactId"]);
  });
});

describe("validateInteractionInput", () => {
  const getInteraction = (id: string) => Promise.resolve(id === ids.interaction ? interaction() : undefined);
  const context = { lookup, now: NOW, getInteraction };

  it("accepts valid create input", async () => {
    expect(await validateInteractionInput({ interaction: { contactId: ids.ada } }, context)).toEqual({
      valid: true,
      errors: {},
    });
  });

  it("reports create errors by path", async () => {
    const result = await validateInteractionInput(
      {
        interaction: { contactId: ids.ada, subject: "x".repeat(300) },
        parties: [{ rawName: "G", contactId: ids.unknown }],
      },
      context,
    );
    expect(Object.keys(result.errors)).toEqual(["interaction.subject"]);
  });

  it("reports party errors of create input", async () => {
    const result = await validateInteractionInput(
      { interaction: { contactId: ids.ada }, parties: [{ rawName: "G", contactId: ids.unknown }] },
      context,
    );
    expect(result).toEqual({
      valid: false,
      errors: { "parties.0.contactId": ["contact not found in this workspace"] },
    });
  });

  it("accepts valid update input", async () => {
    const result = await validateInteractionInput({ id: ids.interaction, changes: { body: "x" } }, context);
    expect(result.valid).toBe(true);
  });

  it("reports update errors by path", async () => {
    const result = await validateInteractionInput(
      { id: ids.interaction, changes: { timeZone: "Nowhere/Land" } },
      context,
    );
    expect(Object.keys(result.errors)).toEqual(["changes.timeZone"]);
  });

  it("reports a missing interaction", async () => {
    const result = await validateInteractionInput({ id: ids.unknown, changes: {} }, context);
    expect(Object.keys(result.errors)).toEqual(["id"]);
  });
});
