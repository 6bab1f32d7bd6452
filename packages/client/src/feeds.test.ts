import { pageFeed, sortFeed, type FeedPage, type Interaction, type Party } from "@crm/domain";
import type { ReadonlyJSONValue } from "replicache";
import { afterEach, describe, expect, it } from "vitest";

import type { CrmReplicache } from "./create-replicache";
import {
  countInteractions,
  listForCompany,
  listForContacts,
  listInvolving,
  listMembers,
  listRecent,
  listStaff,
  partyInputFor,
  searchContacts,
  searchPartyCandidates,
} from "./feeds";
import { interactionToReplica, replicaKey } from "./replica";
import {
  WORKSPACE_ID,
  USER_ID,
  contactRow,
  crmRows,
  ids,
  openReplica,
  staffRow,
  testId,
} from "./test-replica";

const opened: CrmReplicache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((rep) => rep.close()));
});

async function open(values: Record<string, ReadonlyJSONValue>) {
  const replica = await openReplica(values);
  opened.push(replica.rep);
  return replica.rep;
}

const contactParty = (contactId: string, companyId?: string): Party => ({
  id: testId(0x9000_0000 + Number.parseInt(contactId.slice(-4), 16)),
  rawName: "Someone",
  contactId,
  staffPersonId: null,
  snapshot: {
    source: "contact",
    name: "Someone",
    ...(companyId ? { companyId } : {}),
    capturedAt: "2026-01-01T00:00:00Z",
  },
  position: 0,
});

function interaction(n: number, fields: Partial<Interaction> = {}): Interaction {
  return {
    id: testId(0x5000_0000 + n),
    workspaceId: WORKSPACE_ID,
    contactId: ids.ada,
    type: "note",
    occurredAt: new Date("2026-01-01T09:00:00Z"),
    timeZone: null,
    subject: `Entry ${n}`,
    body: null,
    ownerUserId: USER_ID,
    subjectSnapshot: {
      source: "contact",
      name: "Ada Lovelace",
      companyId: ids.acme,
      capturedAt: "2026-01-01T00:00:00Z",
    },
    metadata: null,
    createdAt: new Date("2026-01-01T09:00:00Z"),
    updatedAt: new Date("2026-01-01T09:00:00Z"),
    parties: [],
    files: [],
    ...fields,
  };
}

function rows(interactions: readonly Interaction[]): Record<string, ReadonlyJSONValue> {
  return Object.fromEntries(
    interactions.map((item) => [replicaKey.interaction(item.id), interactionToReplica(item)]),
  );
}

const ids_ = (page: FeedPage<{ readonly id: string }> | readonly { readonly id: string }[]) =>
  ("items" in page ? page.items : page).map((item) => item.id);

/** Times chosen so that many items tie on occurredAt, and some on createdAt too. */
function mixedFeed(): Interaction[] {
  const occurred = ["2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "1969-07-20T20:17:00Z"];
  const created = ["2026-01-03T00:00:00.000Z", "2026-01-03T00:00:00.001Z"];
  return Array.from({ length: 36 }, (_, n) =>
    interaction(n * 7919, {
      contactId: n % 3 === 0 ? ids.grace : ids.ada,
      parties: n % 3 === 0 ? [contactParty(ids.ada)] : [],
      occurredAt: new Date(occurred[n % occurred.length]!),
      createdAt: new Date(created[Math.floor(n / 3) % created.length]!),
    }),
  );
}

describe("listInvolving", () => {
  it("orders as compareFeedOrder does, ties included", async () => {
    const feed = mixedFeed();
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const page = await rep.query((tx) => listInvolving(tx, { contactId: ids.ada, limit: 1000 }));
    expect(ids_(page)).toEqual(ids_(sortFeed(feed)));
  });

  it("returns every row exactly once across pages of rows sharing one time", async () => {
    const feed = Array.from({ length: 120 }, (_, n) => interaction(n));
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: FeedPage<Interaction> = await rep.query((tx) =>
        listInvolving(tx, { contactId: ids.ada, limit: 7, cursor }),
      );
      seen.push(...ids_(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids_(sortFeed(feed)));
  });

  it("pages as the server does, so either side's cursor continues the other's", async () => {
    const feed = mixedFeed().filter((item) => item.contactId === ids.ada);
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const local = await rep.query((tx) => listInvolving(tx, { contactId: ids.ada, limit: 5 }));
    const server = pageFeed(sortFeed(feed), { limit: 5 });
    expect(local.nextCursor).toBe(server.nextCursor);
  });

  it("continues after a server cursor", async () => {
    const feed = mixedFeed().filter((item) => item.contactId === ids.ada);
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const server = pageFeed(sortFeed(feed), { limit: 5 });
    const local = await rep.query((tx) =>
      listInvolving(tx, { contactId: ids.ada, limit: 5, cursor: server.nextCursor }),
    );
    expect(ids_(local)).toEqual(ids_(pageFeed(sortFeed(feed), { limit: 5, cursor: server.nextCursor })));
  });

  it("has no next cursor on the last page", async () => {
    const rep = await open({ ...crmRows(), ...rows([interaction(1), interaction(2)]) });
    const page = await rep.query((tx) => listInvolving(tx, { contactId: ids.ada, limit: 2 }));
    expect(page.nextCursor).toBeNull();
  });

  it("lists an interaction once when the contact is both subject and party", async () => {
    const rep = await open({ ...crmRows(), ...rows([interaction(1, { parties: [contactParty(ids.ada)] })]) });
    const page = await rep.query((tx) => listInvolving(tx, { contactId: ids.ada }));
    expect(ids_(page)).toEqual([interaction(1).id]);
  });

  it("returns an empty page for a malformed contact id", async () => {
    const rep = await open({ ...crmRows(), ...rows([interaction(1)]) });
    const page = await rep.query((tx) => listInvolving(tx, { contactId: "" }));
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});

describe("listForContacts", () => {
  it("merges the contacts' subject feeds in feed order", async () => {
    const feed = mixedFeed();
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const page = await rep.query((tx) =>
      listForContacts(tx, { contactIds: [ids.grace, ids.ada], limit: 1000 }),
    );
    expect(ids_(page)).toEqual(ids_(sortFeed(feed)));
  });

  it("pages the merged feed without repeats or gaps", async () => {
    const feed = mixedFeed();
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: FeedPage<Interaction> = await rep.query((tx) =>
        listForContacts(tx, { contactIds: [ids.ada, ids.grace], limit: 4, cursor }),
      );
      seen.push(...ids_(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids_(sortFeed(feed)));
  });

  it("includes the subject's current record", async () => {
    const rep = await open({ ...crmRows(), ...rows([interaction(1)]) });
    const page = await rep.query((tx) => listForContacts(tx, { contactIds: [ids.ada] }));
    expect(page.items[0]?.contact?.name).toBe("Ada Lovelace");
  });

  it("returns an empty page for no contacts", async () => {
    const rep = await open(crmRows());
    const page = await rep.query((tx) => listForContacts(tx, { contactIds: [] }));
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});

describe("listForCompany", () => {
  // Ada works at Acme; Grace worked at Globex when she was logged, and has left since.
  const byAda = interaction(1, { occurredAt: new Date("2026-01-05T00:00:00Z") });
  const aboutGraceWithAda = interaction(2, {
    contactId: ids.grace,
    subjectSnapshot: {
      source: "contact",
      name: "Grace",
      companyId: ids.globex,
      capturedAt: "2026-01-01T00:00:00Z",
    },
    parties: [contactParty(ids.ada, ids.acme)],
    occurredAt: new Date("2026-01-04T00:00:00Z"),
  });
  const aboutAlan = interaction(3, {
    contactId: ids.alan,
    subjectSnapshot: { source: "contact", name: "Alan", capturedAt: "2026-01-01T00:00:00Z" },
  });
  const values = () =>
    Object.fromEntries(
      Object.entries({ ...crmRows(), ...rows([byAda, aboutGraceWithAda, aboutAlan]) }).filter(
        ([key]) => key !== replicaKey.membership(ids.graceAtGlobex),
      ),
    );

  const scoped = async (companyId: string, scope: "members" | "involving" | "asOfThen", extra = {}) => {
    const rep = await open({ ...values(), ...extra });
    return ids_(await rep.query((tx) => listForCompany(tx, { companyId, scope })));
  };

  it("lists the members' interactions as subject for members", async () => {
    expect(await scoped(ids.acme, "members")).toEqual([byAda.id]);
  });

  it("leaves out a trashed member", async () => {
    const trashedAda = contactRow(ids.ada, { name: "Ada", status: "trashed", statusBeforeTrash: "active" });
    expect(await scoped(ids.acme, "members", trashedAda)).toEqual([]);
  });

  it("leaves out a trashed member for involving", async () => {
    const trashedAda = contactRow(ids.ada, { name: "Ada", status: "trashed", statusBeforeTrash: "active" });
    expect(await scoped(ids.acme, "involving", trashedAda)).toEqual([]);
  });

  it("lists interactions a member is subject or party of for involving", async () => {
    expect(await scoped(ids.acme, "involving")).toEqual([byAda.id, aboutGraceWithAda.id]);
  });

  it("lists what was recorded as of then, after the person left, for asOfThen", async () => {
    expect(await scoped(ids.globex, "asOfThen")).toEqual([aboutGraceWithAda.id]);
  });

  it("no longer lists a former member's interactions for members", async () => {
    expect(await scoped(ids.globex, "members")).toEqual([]);
  });

  it("counts a party's snapshot company as of then", async () => {
    expect(await scoped(ids.acme, "asOfThen")).toEqual([byAda.id, aboutGraceWithAda.id]);
  });
});

describe("listRecent", () => {
  it("lists the newest interactions first, limited", async () => {
    const feed = mixedFeed();
    const rep = await open({ ...crmRows(), ...rows(feed) });
    const recent = await rep.query((tx) => listRecent(tx, { limit: 4 }));
    expect(ids_(recent)).toEqual(ids_(sortFeed(feed)).slice(0, 4));
  });

  it("counts every interaction", async () => {
    const rep = await open({ ...crmRows(), ...rows(mixedFeed()) });
    expect(await rep.query(countInteractions)).toBe(36);
  });
});

describe("searchContacts", () => {
  const people = () => ({
    ...crmRows(),
    ...contactRow(testId(0x71), { name: "100% Cotton Ltd" }),
    ...contactRow(testId(0x72), { name: "snake_case" }),
    ...contactRow(testId(0x73), { name: "Ada Trashed", status: "trashed", statusBeforeTrash: "active" }),
  });

  const names = async (query: string) => {
    const rep = await open(people());
    return (await rep.query((tx) => searchContacts(tx, query))).map((contact) => contact.name);
  };

  it("matches names ignoring case", async () => {
    expect(await names("ADA")).toEqual(["Ada Lovelace"]);
  });

  it("matches emails", async () => {
    expect(await names("grace@")).toEqual(["Grace Hopper"]);
  });

  it("excludes trashed contacts", async () => {
    expect(await names("trashed")).toEqual([]);
  });

  it("takes % literally", async () => {
    expect(await names("%")).toEqual(["100% Cotton Ltd"]);
  });

  it("takes _ literally", async () => {
    expect(await names("e_c")).toEqual(["snake_case"]);
  });

  it("limits the results", async () => {
    const rep = await open(people());
    expect(await rep.query((tx) => searchContacts(tx, "", { limit: 2 }))).toHaveLength(2);
  });
});

describe("searchPartyCandidates", () => {
  const values = () => ({
    ...crmRows(),
    ...staffRow(testId(0xb2), { name: "Lina Former", status: "trashed", statusBeforeTrash: "active" }),
  });

  it("offers contacts and staff who are not trashed, by name", async () => {
    const rep = await open(values());
    const candidates = await rep.query((tx) => searchPartyCandidates(tx, "IN"));
    expect(candidates.map((candidate) => [candidate.source, candidate.name])).toEqual([
      ["contact", "Alan Turing"],
      ["staff", "Linus"],
    ]);
  });

  it("describes a contact by role and company", async () => {
    const rep = await open(values());
    const [ada] = await rep.query((tx) => searchPartyCandidates(tx, "ada"));
    expect(ada?.detail).toBe("CTO, Acme");
  });

  it("turns a staff candidate into a staff party input", async () => {
    const rep = await open(values());
    const [linus] = await rep.query((tx) => searchPartyCandidates(tx, "linus"));
    expect(partyInputFor(linus!)).toEqual({ rawName: "Linus", staffPersonId: ids.linus });
  });
});

describe("listMembers and listStaff", () => {
  it("lists a company's members who are not trashed", async () => {
    const rep = await open({
      ...crmRows(),
      ...contactRow(ids.grace, { name: "Grace", status: "trashed", statusBeforeTrash: "active" }),
    });
    const members = await rep.query((tx) => listMembers(tx, ids.globex));
    expect(members).toEqual([]);
  });

  it("lists staff who are not trashed", async () => {
    const rep = await open({ ...crmRows(), ...staffRow(testId(0xb2), { name: "Gone", status: "trashed" }) });
    expect((await rep.query(listStaff)).map((person) => person.name)).toEqual(["Linus"]);
  });
});
