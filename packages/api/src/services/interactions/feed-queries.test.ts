import { contacts, interactions, memberships } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../../test/error-shape";
import type { TestCaller } from "../../../test/harness";
import { seedCompany, seedContact, seedMembership, setUpInteractionsTest } from "../../../test/interaction-seed";
import {
  getInteraction,
  idsForContact,
  listForCompany,
  listForContacts,
  listInvolving,
  validateInteraction,
} from ".";

const SAME_TIME = new Date("2026-01-15T09:00:00.000Z");

describeEachDatabase("interaction feeds", (getHandle) => {
  async function setUpPeople() {
    const context = await setUpInteractionsTest(getHandle());
    const grace = await seedContact(context.services.db, context.workspace.workspaceId, { name: "Grace Hopper" });
    return { ...context, grace };
  }

  test("listInvolving returns subject and party rows once", async () => {
    const { workspace, ada, grace } = await setUpPeople();
    const caller = workspace.asMember;
    const aboutAda = await logAt(caller, ada.id, "2026-01-01T10:00:00Z");
    const adaAsParty = await logAt(caller, grace.id, "2026-01-02T10:00:00Z", [{ rawName: "Ada", contactId: ada.id }]);
    const adaAsFreeText = await logAt(caller, grace.id, "2026-01-03T10:00:00Z", [{ rawName: "Ada Lovelace" }]);
    const adaTwice = await logAt(caller, ada.id, "2026-01-04T10:00:00Z", [{ rawName: "Grace", contactId: grace.id }]);

    const page = await caller.interactions.listInvolving({ contactId: ada.id });

    expect(page.items.map((item) => item.id)).toEqual([adaTwice.id, adaAsParty.id, aboutAda.id]);
    expect(page.items.map((item) => item.id)).not.toContain(adaAsFreeText.id);
    expect(page.items[0]?.parties.map((party) => party.rawName)).toEqual(["Grace"]);
    expect(page.nextCursor).toBeNull();
  });

  test("parties come in position order", async () => {
    const { workspace, ada } = await setUpPeople();
    await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: ["Zed", "Amy", "Moe"].map((rawName) => ({ rawName })),
    });

    const page = await workspace.asMember.interactions.listInvolving({ contactId: ada.id });

    expect(page.items[0]?.parties.map((party) => party.rawName)).toEqual(["Zed", "Amy", "Moe"]);
    expect(page.items[0]?.parties.map((party) => party.position)).toEqual([0, 1, 2]);
  });

  test("malformed id at service and router", async () => {
    const { services, workspace } = await setUpPeople();
    const actor = workspace.member;

    expect(await listInvolving(services, actor, { contactId: "nope" })).toEqual({ items: [], nextCursor: null });
    expect(await listForContacts(services, actor, { contactIds: ["nope"] })).toEqual({ items: [], nextCursor: null });
    expect(await listForCompany(services, actor, { companyId: "" })).toEqual({ items: [], nextCursor: null });
    expect(await idsForContact(services, actor, { contactId: "nope" })).toEqual([]);
    expect(await getInteraction(services, actor, { id: "nope" })).toBeNull();

    const calls: [string, Promise<unknown>][] = [
      ["contactId", workspace.asMember.interactions.listInvolving({ contactId: "nope" })],
      ["contactIds.0", workspace.asMember.interactions.listForContacts({ contactIds: ["nope"] })],
      ["companyId", workspace.asMember.interactions.listForCompany({ companyId: "nope" })],
      ["contactId", workspace.asMember.interactions.idsForContact({ contactId: "nope" })],
      ["id", workspace.asMember.interactions.get({ id: "nope" })],
    ];
    for (const [field, call] of calls) {
      const error = await clientErrorOf(call);
      expect(error.data.code).toBe("BAD_REQUEST");
      expect(Object.keys(error.data.fieldErrors ?? {})).toEqual([field]);
    }
  });

  test("invalid cursor is bad request", async () => {
    const { workspace, ada } = await setUpPeople();

    const error = await clientErrorOf(workspace.asMember.interactions.listInvolving({ contactId: ada.id, cursor: "x" }));

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["cursor"]);
  });

  test("listForContacts with no ids", async () => {
    const { workspace, ada } = await setUpPeople();
    await logAt(workspace.asMember, ada.id, "2026-01-01T10:00:00Z");

    const page = await workspace.asMember.interactions.listForContacts({ contactIds: [] });

    expect(page).toEqual({ items: [], nextCursor: null });
  });

  test("listForContacts includes subject contact", async () => {
    const { services, workspace, ada, grace } = await setUpPeople();
    const lin = await seedContact(services.db, workspace.workspaceId, { name: "Lin" });
    const aboutAda = await logAt(workspace.asMember, ada.id, "2026-01-01T10:00:00Z");
    const aboutGrace = await logAt(workspace.asMember, grace.id, "2026-01-02T10:00:00Z", [
      { rawName: "Ada", contactId: ada.id },
    ]);
    await logAt(workspace.asMember, lin.id, "2026-01-03T10:00:00Z");
    await services.db.update(contacts).set({ name: "Grace B. Hopper" }).where(eq(contacts.id, grace.id));

    const page = await workspace.asMember.interactions.listForContacts({ contactIds: [ada.id, grace.id, ada.id] });

    expect(page.items.map((item) => item.id)).toEqual([aboutGrace.id, aboutAda.id]);
    expect(page.items[0]?.contact).toMatchObject({ id: grace.id, name: "Grace B. Hopper" });
    expect(page.items[1]?.contact).toMatchObject({ id: ada.id, name: "Ada Lovelace" });
    expect(page.items[0]?.parties).toHaveLength(1);
  });

  test("idsForContact lists subject interactions", async () => {
    const { workspace, ada, grace } = await setUpPeople();
    const older = await logAt(workspace.asMember, ada.id, "2026-01-01T10:00:00Z");
    const newer = await logAt(workspace.asMember, ada.id, "2026-01-02T10:00:00Z");
    await logAt(workspace.asMember, grace.id, "2026-01-03T10:00:00Z", [{ rawName: "Ada", contactId: ada.id }]);

    const ids = await workspace.asMember.interactions.idsForContact({ contactId: ada.id });

    expect(ids).toEqual([newer.id, older.id]);
  });

  test("listRecent and count", async () => {
    const { workspace, ada, grace } = await setUpPeople();
    const logged = [];
    for (let day = 1; day <= 8; day++) {
      logged.push(await logAt(workspace.asMember, day % 2 ? ada.id : grace.id, `2026-01-0${day}T10:00:00Z`));
    }

    const recent = await workspace.asMember.interactions.listRecent();
    const three = await workspace.asMember.interactions.listRecent({ limit: 3 });

    expect(recent.map((item) => item.id)).toEqual(logged.slice(2).reverse().map((item) => item.id));
    expect(three).toHaveLength(3);
    expect(await workspace.asMember.interactions.count()).toBe(8);
  });

  test("get returns parties and files", async () => {
    const { workspace, ada } = await setUpPeople();
    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id },
      parties: [{ rawName: "Bob" }],
    });

    const fetched = await workspace.asMember.interactions.get({ id: created.id.toUpperCase() });

    expect(fetched?.parties.map((party) => party.rawName)).toEqual(["Bob"]);
    expect(fetched?.files).toEqual([]);
    expect(await workspace.asMember.interactions.get({ id: uuidv7() })).toBeNull();
  });
});

describeEachDatabase("interaction feed paging", (getHandle) => {
  for (const limit of [50, 7]) {
    test(`same time pages once each by ${limit}`, async () => {
      const { workspace, ada } = await setUpInteractionsTest(getHandle(), { now: () => SAME_TIME });
      const created = new Set<string>();
      for (let index = 0; index < 120; index++) {
        const interaction = await workspace.asMember.interactions.create({
          interaction: { contactId: ada.id, occurredAt: SAME_TIME },
        });
        created.add(interaction.id);
      }

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: readonly { id: string }[]; nextCursor: string | null } =
          await workspace.asMember.interactions.listInvolving({ contactId: ada.id, limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);

      expect(seen).toHaveLength(120);
      expect(new Set(seen)).toEqual(created);
      expect(seen).toEqual([...seen].sort().reverse());
      expect(pages).toBe(Math.ceil(120 / limit));
    });
  }
});

describeEachDatabase("company feed", (getHandle) => {
  async function setUpCompany() {
    const context = await setUpInteractionsTest(getHandle());
    const { services, workspace, ada } = context;
    const db = services.db;
    const engines = await seedCompany(db, workspace.workspaceId, { name: "Analytical Engines" });
    const grace = await seedContact(db, workspace.workspaceId, { name: "Grace Hopper" });
    const outsider = await seedContact(db, workspace.workspaceId, { name: "Outsider" });
    await seedMembership(db, ada, engines, { roleInCompany: "Analyst" });
    await seedMembership(db, grace, engines);
    const caller = workspace.asMember;

    const adaSubject = await logAt(caller, ada.id, "2026-01-01T10:00:00Z");
    const graceSubjectAdaParty = await logAt(caller, grace.id, "2026-01-02T10:00:00Z", [
      { rawName: "Ada", contactId: ada.id },
    ]);
    const outsiderWithAda = await logAt(caller, outsider.id, "2026-01-03T10:00:00Z", [
      { rawName: "Ada", contactId: ada.id },
      { rawName: "Grace", contactId: grace.id },
    ]);
    const outsiderAlone = await logAt(caller, outsider.id, "2026-01-04T10:00:00Z");
    return { ...context, engines, grace, outsider, adaSubject, graceSubjectAdaParty, outsiderWithAda, outsiderAlone };
  }

  test("members scope", async () => {
    const { workspace, engines, adaSubject, graceSubjectAdaParty } = await setUpCompany();

    const page = await workspace.asMember.interactions.listForCompany({ companyId: engines.id, scope: "members" });

    expect(page.items.map((item) => item.id)).toEqual([graceSubjectAdaParty.id, adaSubject.id]);
    expect(page.items[0]?.contact.name).toBe("Grace Hopper");
  });

  test("members scope is the default", async () => {
    const { workspace, engines, adaSubject, graceSubjectAdaParty } = await setUpCompany();

    const page = await workspace.asMember.interactions.listForCompany({ companyId: engines.id });

    expect(page.items.map((item) => item.id)).toEqual([graceSubjectAdaParty.id, adaSubject.id]);
  });

  test("members scope leaves out trashed contacts", async () => {
    const { services, workspace, engines, grace, adaSubject } = await setUpCompany();
    await services.db
      .update(contacts)
      .set({ status: "trashed", statusBeforeTrash: "active" })
      .where(eq(contacts.id, grace.id));

    const page = await workspace.asMember.interactions.listForCompany({ companyId: engines.id });

    expect(page.items.map((item) => item.id)).toEqual([adaSubject.id]);
  });

  test("involving scope lists each once", async () => {
    const { workspace, engines, adaSubject, graceSubjectAdaParty, outsiderWithAda } = await setUpCompany();

    const page = await workspace.asMember.interactions.listForCompany({ companyId: engines.id, scope: "involving" });

    expect(page.items.map((item) => item.id)).toEqual([outsiderWithAda.id, graceSubjectAdaParty.id, adaSubject.id]);
    expect(page.items[0]?.contact.name).toBe("Outsider");
  });

  test("asOfThen scope after leaving", async () => {
    const { services, workspace, ada, engines, adaSubject, graceSubjectAdaParty, outsiderWithAda } =
      await setUpCompany();
    await services.db.delete(memberships).where(eq(memberships.contactId, ada.id));

    const members = await workspace.asMember.interactions.listForCompany({ companyId: engines.id });
    const asOfThen = await workspace.asMember.interactions.listForCompany({ companyId: engines.id, scope: "asOfThen" });

    expect(members.items.map((item) => item.id)).toEqual([graceSubjectAdaParty.id]);
    expect(asOfThen.items.map((item) => item.id)).toEqual([
      outsiderWithAda.id,
      graceSubjectAdaParty.id,
      adaSubject.id,
    ]);
  });

  test("asOfThen ignores later joiners", async () => {
    const { services, workspace, outsider, outsiderAlone } = await setUpCompany();
    const later = await seedCompany(services.db, workspace.workspaceId, { name: "Later Inc" });
    await seedMembership(services.db, outsider, later);

    const asOfThen = await workspace.asMember.interactions.listForCompany({ companyId: later.id, scope: "asOfThen" });
    const members = await workspace.asMember.interactions.listForCompany({ companyId: later.id, scope: "members" });

    expect(asOfThen.items).toEqual([]);
    expect(members.items.map((item) => item.id)).toContain(outsiderAlone.id);
  });

  test("company scopes page", async () => {
    const { workspace, engines, adaSubject, graceSubjectAdaParty, outsiderWithAda } = await setUpCompany();

    const first = await workspace.asMember.interactions.listForCompany({
      companyId: engines.id,
      scope: "asOfThen",
      limit: 2,
    });
    const second = await workspace.asMember.interactions.listForCompany({
      companyId: engines.id,
      scope: "asOfThen",
      limit: 2,
      cursor: first.nextCursor,
    });

    expect(first.items.map((item) => item.id)).toEqual([outsiderWithAda.id, graceSubjectAdaParty.id]);
    expect(second.items.map((item) => item.id)).toEqual([adaSubject.id]);
    expect(second.nextCursor).toBeNull();
  });
});

describeEachDatabase("validateInteraction", (getHandle) => {
  test("valid create input", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const result = await workspace.asMember.interactions.validate({ interaction: { contactId: ada.id } });

    expect(result).toEqual({ valid: true, errors: {} });
    expect(await workspace.asMember.interactions.count()).toBe(0);
  });

  test("invalid create input", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const result = await workspace.asMember.interactions.validate({
      interaction: { contactId: ada.id, subject: "x".repeat(256) },
      parties: [{ rawName: "Bob" }, { rawName: "", contactId: uuidv7() }],
    });

    expect(result.valid).toBe(false);
    expect(Object.keys(result.errors).sort()).toEqual(["interaction.subject"]);
  });

  test("create input with unknown party", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());

    const result = await workspace.asMember.interactions.validate({
      interaction: { contactId: ada.id },
      parties: [{ rawName: "Bob" }, { rawName: "", contactId: uuidv7() }],
    });

    expect(result.valid).toBe(false);
    expect(Object.keys(result.errors)).toEqual(["parties.1.contactId"]);
  });

  test("create input with taken id", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    const created = await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });

    const result = await workspace.asMember.interactions.validate({ interaction: { id: created.id, contactId: ada.id } });

    expect(result.valid).toBe(false);
    expect(Object.keys(result.errors)).toEqual(["interaction.id"]);
  });

  test("update input", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const created = await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });

    const valid = await workspace.asMember.interactions.validate({ id: created.id, changes: { subject: "New" } });
    const invalid = await workspace.asMember.interactions.validate({ id: created.id, changes: { type: "fax" } });
    const missing = await validateInteraction(services, workspace.member, { id: uuidv7(), changes: {} });

    expect(valid).toEqual({ valid: true, errors: {} });
    expect(Object.keys(invalid.errors)).toEqual(["changes.type"]);
    expect(Object.keys(missing.errors)).toEqual(["id"]);
    const [row] = await services.db.select().from(interactions).where(eq(interactions.id, created.id));
    expect(row?.subject).toBeNull();
  });
});

async function logAt(
  caller: TestCaller,
  contactId: string,
  occurredAt: string,
  parties: { rawName: string; contactId?: string }[] = [],
) {
  return caller.interactions.create({ interaction: { contactId, occurredAt: new Date(occurredAt) }, parties });
}
