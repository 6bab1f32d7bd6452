import { interactionIndexKeys, type Interaction } from "@crm/domain";
import { describe, expect, it } from "vitest";

import {
  interactionFromReplica,
  interactionToReplica,
  parseReplicaKey,
  parseReplicaValue,
  replicaKey,
  type ReplicaInteraction,
} from "./replica";
import { USER_ID, WORKSPACE_ID, contactRow, ids, testId } from "./test-replica";

const interaction: Interaction = {
  id: testId(0xd1),
  workspaceId: WORKSPACE_ID,
  contactId: ids.ada,
  type: "meeting",
  occurredAt: new Date("2026-02-01T09:00:00.123Z"),
  timeZone: "Europe/Berlin",
  subject: "Kickoff",
  body: "Line one\nLine two",
  ownerUserId: USER_ID,
  subjectSnapshot: {
    source: "contact",
    name: "Ada",
    companyId: ids.acme,
    capturedAt: "2026-02-01T09:00:00Z",
  },
  metadata: { source: "import" },
  createdAt: new Date("2026-02-01T10:00:00.000Z"),
  updatedAt: new Date("2026-02-02T10:00:00.000Z"),
  parties: [
    {
      id: testId(0xf1),
      rawName: "Grace",
      contactId: ids.grace,
      staffPersonId: null,
      snapshot: { source: "contact", name: "Grace", capturedAt: "2026-02-01T09:00:00Z" },
      position: 0,
    },
  ],
  files: [{ id: testId(0xf9), filename: "notes.pdf", contentType: "application/pdf", size: 1234 }],
};

describe("replica keys", () => {
  it("pads failure keys so they sort by mutation id", () => {
    expect(replicaKey.failure(42, "c1")).toBe("failure/000000000042/c1");
  });

  it("parses a failure key", () => {
    expect(parseReplicaKey("failure/000000000042/c1")).toEqual({
      kind: "failure",
      mutationID: 42,
      clientID: "c1",
    });
  });

  it("parses a row key", () => {
    expect(parseReplicaKey(replicaKey.contact(ids.ada))).toEqual({ kind: "contact", id: ids.ada });
  });

  it("knows no other kinds", () => {
    expect(parseReplicaKey("todo/1")).toBeUndefined();
  });
});

describe("interaction converters", () => {
  it("round-trip an interaction", () => {
    expect(interactionFromReplica(interactionToReplica(interaction))).toEqual(interaction);
  });

  it("store dates as ISO strings", () => {
    expect(interactionToReplica(interaction).occurredAt).toBe("2026-02-01T09:00:00.123Z");
  });

  it("store the index keys the domain derives", () => {
    const { subjectKey, involvingKeys, companyKeys } = interactionToReplica(interaction);
    expect({ subjectKey, involvingKeys, companyKeys }).toEqual(interactionIndexKeys(interaction));
  });

  it("keep a missing owner missing", () => {
    const orphan: ReplicaInteraction = { ...interactionToReplica(interaction), ownerUserId: null };
    expect(interactionToReplica(interactionFromReplica(orphan)).ownerUserId).toBeNull();
  });
});

describe("parseReplicaValue", () => {
  it("accepts a contact as the server writes it", () => {
    const [[key, value]] = Object.entries(contactRow(ids.ada, { name: "Ada" })) as [[string, never]];
    expect(parseReplicaValue(key, value)).toEqual(value);
  });

  it("names the key and the field of a value outside the contract", () => {
    const [[key, value]] = Object.entries(contactRow(ids.ada, { createdAt: "yesterday" })) as [
      [string, never],
    ];
    expect(() => parseReplicaValue(key, value)).toThrow(`${key}: the server sent a value`);
  });

  it("derives an interaction's index keys itself", () => {
    const sent = { ...interactionToReplica(interaction), involvingKeys: ["stale"], subjectKey: "stale" };
    const stored = parseReplicaValue(replicaKey.interaction(interaction.id), sent) as ReplicaInteraction;
    expect(stored.involvingKeys).toEqual(interactionIndexKeys(interaction).involvingKeys);
  });

  it("passes values of unknown kinds through", () => {
    expect(parseReplicaValue("note/1", { text: "hi" })).toEqual({ text: "hi" });
  });

  it("rejects a value of an unknown kind that is not JSON", () => {
    expect(() => parseReplicaValue("note/1", { count: 1n })).toThrow("note/1: the server sent a value");
  });
});
