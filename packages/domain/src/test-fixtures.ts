import type { Interaction, Party } from "./entities";
import { memorySnapshotLookup } from "./memory-lookup";
import type { LookupContact, LookupStaffPerson } from "./snapshots";

// Shared records for the package's tests; not part of the public API.

export const NOW = new Date("2026-03-01T10:15:00.789Z");
export const LATER = new Date("2026-03-02T08:00:00.000Z");

export const ids = {
  workspace: "01900000-0000-7000-8000-000000000001",
  owner: "01900000-0000-7000-8000-000000000002",
  ada: "01900000-0000-7000-8000-0000000000a1",
  grace: "01900000-0000-7000-8000-0000000000a2",
  alan: "01900000-0000-7000-8000-0000000000a3",
  unknown: "01900000-0000-7000-8000-0000000000ff",
  linus: "01900000-0000-7000-8000-0000000000b1",
  acme: "01900000-0000-7000-8000-0000000000c1",
  globex: "01900000-0000-7000-8000-0000000000c2",
  interaction: "01900000-0000-7000-8000-0000000000d1",
} as const;

export const ada: LookupContact = {
  id: ids.ada,
  name: "Ada Lovelace",
  email: "ada@example.com",
  status: "active",
  memberships: [
    {
      id: "01900000-0000-7000-8000-0000000000e1",
      companyId: ids.acme,
      companyName: "Acme",
      roleInCompany: "CTO",
      department: null,
      isPrimary: true,
      position: 0,
      createdAt: new Date("2025-01-01T00:00:00Z"),
    },
  ],
};

export const grace: LookupContact = {
  id: ids.grace,
  name: "Grace Hopper",
  email: null,
  status: "active",
  memberships: [],
};

export const alan: LookupContact = {
  id: ids.alan,
  name: "",
  email: "alan@example.com",
  status: "trashed",
  memberships: [],
};

export const linus: LookupStaffPerson = {
  id: ids.linus,
  name: "Linus",
  jobTitle: "Account manager",
  employmentType: "full_time",
  status: "active",
};

export const lookup = memorySnapshotLookup([ada, grace, alan], [linus]);

/** Ids in creation order, so tests can tell which one a call used. */
export function sequentialIds(): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `01900000-0000-7000-9000-${next.toString(16).padStart(12, "0")}`;
  };
}

export function party(overrides: Partial<Party> & Pick<Party, "id" | "rawName" | "position">): Party {
  return {
    contactId: null,
    staffPersonId: null,
    snapshot: { source: "free_text", capturedAt: "2026-01-01T00:00:00Z" },
    ...overrides,
  };
}

export function interaction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: ids.interaction,
    workspaceId: ids.workspace,
    contactId: ids.ada,
    type: "note",
    occurredAt: new Date("2026-01-01T09:00:00Z"),
    timeZone: null,
    subject: "Kickoff",
    body: "Agenda",
    ownerUserId: ids.owner,
    subjectSnapshot: { source: "contact", name: "Ada Lovelace", capturedAt: "2026-01-01T00:00:00Z" },
    metadata: null,
    createdAt: new Date("2026-01-01T09:00:00Z"),
    updatedAt: new Date("2026-01-01T09:00:00Z"),
    parties: [],
    files: [],
    ...overrides,
  };
}
