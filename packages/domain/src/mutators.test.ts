import { describe, expect, it } from "vitest";

import { DomainError } from "./field-errors";
import { planCreateInteraction } from "./interaction-plan";
import {
  interactionCreateInputFromArgs,
  MUTATOR_NAMES,
  parseMutation,
  parseMutatorArgs,
  planInteractionUpdateFromArgs,
  type MutatorArgs,
} from "./mutators";
import { ids, interaction, LATER, lookup, party, sequentialIds } from "./test-fixtures";

const partyId = "01900000-0000-7000-8000-00000000f010";

const createArgs: MutatorArgs<"createInteraction"> = {
  interaction: { id: ids.interaction, contactId: ids.ada, subject: " Call " },
  parties: [{ id: partyId, rawName: "Bob" }],
  now: "2026-03-01T10:15:00.789Z",
};

describe("parseMutatorArgs", () => {
  it("rejects an unknown mutator name", () => {
    expect(() => parseMutatorArgs("dropTables" as never, {})).toThrow(DomainError);
  });

  it("names the unknown mutator", () => {
    expect(() => parseMutatorArgs("dropTables" as never, {})).toThrow('mutator "dropTables" is unknown');
  });

  it("rejects bad arguments as BAD_REQUEST", () => {
    try {
      parseMutatorArgs("deleteInteraction", { id: "42" });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe("BAD_REQUEST");
    }
  });

  it("names the bad field", () => {
    expect(() => parseMutatorArgs("deleteInteraction", { id: "42" })).toThrow("id: must be a UUID");
  });

  it("requires the interaction id", () => {
    const args = { ...createArgs, interaction: { contactId: ids.ada } };
    expect(() => parseMutatorArgs("createInteraction", args)).toThrow("interaction.id: must be a UUID");
  });

  it("requires party ids", () => {
    const args = { ...createArgs, parties: [{ rawName: "Bob" }] };
    expect(() => parseMutatorArgs("createInteraction", args)).toThrow("parties.0.id: must be a UUID");
  });

  it("rejects now that is not an ISO date", () => {
    expect(() => parseMutatorArgs("createInteraction", { ...createArgs, now: "yesterday" })).toThrow(
      DomainError,
    );
  });

  it("parses valid arguments", () => {
    expect(parseMutatorArgs("createInteraction", createArgs).interaction.subject).toBe("Call");
  });

  it("knows every mutator", () => {
    expect(MUTATOR_NAMES).toHaveLength(17);
  });

  it("requires an id to create a contact", () => {
    expect(() => parseMutatorArgs("createContact", { name: "Ada" })).toThrow("id: must be a UUID");
  });
});

describe("parseMutation", () => {
  it("rejects an unknown name", () => {
    expect(() => parseMutation("nope", {})).toThrow(DomainError);
  });

  it("returns name and parsed args", () => {
    expect(parseMutation("trashContact", { id: ids.ada.toUpperCase() })).toEqual({
      name: "trashContact",
      args: { id: ids.ada },
    });
  });
});

describe("parseMutation of dismissFailure", () => {
  it("accepts a client and mutation id", () => {
    expect(parseMutation("dismissFailure", { clientID: "client-1", mutationID: 7 })).toEqual({
      name: "dismissFailure",
      args: { clientID: "client-1", mutationID: 7 },
    });
  });

  it("requires the mutation id", () => {
    expect(() => parseMutation("dismissFailure", { clientID: "client-1" })).toThrow("mutationID: must be a number");
  });

  it("rejects a fractional mutation id", () => {
    expect(() => parseMutation("dismissFailure", { clientID: "c", mutationID: 1.5 })).toThrow(
      "mutationID: must be a whole number",
    );
  });

  it("rejects an empty client id", () => {
    expect(() => parseMutation("dismissFailure", { clientID: "", mutationID: 1 })).toThrow(
      "clientID: must be a client id",
    );
  });
});

describe("parseMutation of staff trash", () => {
  it("accepts trashStaffPerson with an id", () => {
    expect(parseMutation("trashStaffPerson", { id: ids.ada }).name).toBe("trashStaffPerson");
  });

  it("rejects restoreStaffPerson with a malformed id", () => {
    expect(() => parseMutation("restoreStaffPerson", { id: "42" })).toThrow("id: must be a UUID");
  });
});

describe("interactionCreateInputFromArgs", () => {
  const { input, now } = interactionCreateInputFromArgs(parseMutatorArgs("createInteraction", createArgs));

  it("turns now into a Date", () => {
    expect(now).toEqual(new Date("2026-03-01T10:15:00.789Z"));
  });

  it("defaults occurredAt to the client's now", () => {
    expect(input.interaction.occurredAt).toEqual(now);
  });

  it("plans with the client's party ids", async () => {
    const result = await planCreateInteraction(input, {
      lookup,
      now,
      newId: sequentialIds(),
      ownerUserId: ids.owner,
      workspaceId: ids.workspace,
    });
    expect(result.ok ? result.interaction.parties.map((planned) => planned.id) : result.errors).toEqual([
      partyId,
    ]);
  });
});

describe("planInteractionUpdateFromArgs", () => {
  const bob = party({ id: "01900000-0000-7000-8000-00000000f002", rawName: "Bob", position: 0 });
  const eve = party({ id: "01900000-0000-7000-8000-00000000f003", rawName: "Eve", position: 1 });
  const current = interaction({ parties: [bob, eve], updatedAt: new Date("2026-01-02T00:00:00Z") });

  const args = parseMutatorArgs("updateInteraction", {
    id: ids.interaction,
    changes: { body: "Offline notes" },
    base: {
      type: "note",
      occurredAt: "2026-01-01T09:00:00.000Z",
      timeZone: null,
      subject: "Kickoff",
      body: "Agenda",
      metadata: null,
      parties: [{ rawName: "Bob" }],
    },
    now: "2026-01-01T12:00:00.000Z",
  });

  it("applies the offline body edit", async () => {
    const result = await planInteractionUpdateFromArgs(current, args, {
      lookup,
      now: LATER,
      newId: sequentialIds(),
    });
    expect(result.ok ? result.interaction.body : result.errors).toBe("Offline notes");
  });

  it("keeps the party added meanwhile", async () => {
    const result = await planInteractionUpdateFromArgs(current, args, {
      lookup,
      now: LATER,
      newId: sequentialIds(),
    });
    expect(result.ok ? result.interaction.parties.map((kept) => kept.id) : result.errors).toEqual([
      bob.id,
      eve.id,
    ]);
  });

  it("reports no conflicts", async () => {
    const result = await planInteractionUpdateFromArgs(current, args, {
      lookup,
      now: LATER,
      newId: sequentialIds(),
    });
    expect(result.conflicts).toEqual([]);
  });
});

describe("parseMutatorArgs of updateInteraction", () => {
  const edit = {
    id: ids.interaction,
    changes: { body: "Offline notes" },
    base: {
      type: "note",
      occurredAt: "2026-01-01T09:00:00.000Z",
      timeZone: null,
      subject: "Kickoff",
      body: "Agenda",
      metadata: null,
      parties: [],
    },
    now: "2026-01-01T12:00:00.000Z",
  };

  it("keeps the base's subject contact", () => {
    const parsed = parseMutatorArgs("updateInteraction", { ...edit, base: { ...edit.base, contactId: ids.ada } });
    expect(parsed.base.contactId).toBe(ids.ada);
  });

  it("accepts a base without a subject contact", () => {
    expect(parseMutatorArgs("updateInteraction", edit).base.contactId).toBeUndefined();
  });
});
