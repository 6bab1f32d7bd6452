import { activityEntries, contacts, fileContents, files, interactionParties, interactions } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { and, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { createTestServices, createTestWorkspace } from "../../test/harness";
import { rejectionOf } from "../../test/rejection";
import { stageFile } from "../services/files";

describeEachDatabase("contacts router", (getHandle) => {
  async function setUp() {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    return { services, workspace, asMember: workspace.asMember, asAdmin: workspace.asAdmin };
  }

  test("create returns contact", async () => {
    const { workspace, asMember } = await setUp();

    const contact = await asMember.contacts.create({ name: "  Ada Lovelace ", email: "ada@example.com", phone: "" });

    expect(contact.name).toBe("Ada Lovelace");
    expect(contact.email).toBe("ada@example.com");
    expect(contact.phone).toBeNull();
    expect(contact.status).toBe("active");
    expect(contact.workspaceId).toBe(workspace.workspaceId);
    expect(contact.memberships).toEqual([]);
    expect(contact.primaryMembership).toBeNull();
  });

  test("create with name too long", async () => {
    const { services, asMember } = await setUp();

    const rejection = await rejectionOf(asMember.contacts.create({ name: "x".repeat(256) }));

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["name"]);
    expect(await services.db.select().from(contacts)).toEqual([]);
  });

  test("create with bad email", async () => {
    const { services, asMember } = await setUp();

    const rejection = await rejectionOf(asMember.contacts.create({ name: "Ada", email: "ada at example" }));

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["email"]);
    expect(await services.db.select().from(contacts)).toEqual([]);
  });

  test("create with duplicate email in other case", async () => {
    const { services, asMember } = await setUp();
    await asMember.contacts.create({ name: "Ada", email: "ada@example.com" });

    const rejection = await rejectionOf(asMember.contacts.create({ name: "Ada Two", email: "ADA@Example.com" }));

    expect(rejection.code).toBe("CONFLICT");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["email"]);
    expect(await services.db.select().from(contacts)).toHaveLength(1);
  });

  test("same email in another workspace", async () => {
    const { services, asMember } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    await other.asMember.contacts.create({ name: "Ada", email: "ada@example.com" });

    const contact = await asMember.contacts.create({ name: "Ada", email: "ada@example.com" });

    expect(contact.email).toBe("ada@example.com");
  });

  test("update changes given fields", async () => {
    const { asMember } = await setUp();
    const created = await asMember.contacts.create({ name: "Ada", email: "ada@example.com", phone: "123" });

    const updated = await asMember.contacts.update({ id: created.id, changes: { name: "Ada King", phone: null } });

    expect(updated.name).toBe("Ada King");
    expect(updated.email).toBe("ada@example.com");
    expect(updated.phone).toBeNull();
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
  });

  test("update with bad input leaves contact unchanged", async () => {
    const { asMember } = await setUp();
    const created = await asMember.contacts.create({ name: "Ada", email: "ada@example.com" });
    await asMember.contacts.create({ name: "Charles", email: "charles@example.com" });

    const tooLong = await rejectionOf(asMember.contacts.update({ id: created.id, changes: { name: "x".repeat(256) } }));
    const badEmail = await rejectionOf(asMember.contacts.update({ id: created.id, changes: { email: "nope" } }));
    const duplicate = await rejectionOf(
      asMember.contacts.update({ id: created.id, changes: { name: "Ada King", email: "Charles@EXAMPLE.com" } }),
    );
    const after = await asMember.contacts.get({ id: created.id });

    expect(Object.keys(tooLong.fieldErrors)).toEqual(["changes.name"]);
    expect(Object.keys(badEmail.fieldErrors)).toEqual(["changes.email"]);
    expect(duplicate.code).toBe("CONFLICT");
    expect(Object.keys(duplicate.fieldErrors)).toEqual(["changes.email"]);
    expect(after?.name).toBe("Ada");
    expect(after?.email).toBe("ada@example.com");
  });

  test("get missing contact", async () => {
    const { asMember } = await setUp();

    expect(await asMember.contacts.get({ id: uuidv7() })).toBeNull();
  });

  test("get with malformed id", async () => {
    const { asMember } = await setUp();

    const rejection = await rejectionOf(asMember.contacts.get({ id: "42" }));

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["id"]);
  });

  test("list pages in name order", async () => {
    const { asMember } = await setUp();
    for (const name of ["delta", "Alpha", "charlie", "Bravo", "echo"]) await asMember.contacts.create({ name });

    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof asMember.contacts.list>> = await asMember.contacts.list({ limit: 2, cursor });
      names.push(...page.items.map((contact) => contact.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);

    expect(names).toEqual(["Alpha", "Bravo", "charlie", "delta", "echo"]);
    expect(pages).toBe(3);
  });

  test("list excludes trashed unless asked", async () => {
    const { asMember } = await setUp();
    await asMember.contacts.create({ name: "Ada" });
    const trashed = await asMember.contacts.create({ name: "Bob" });
    await asMember.contacts.trash({ id: trashed.id });

    const visible = await asMember.contacts.list();
    const all = await asMember.contacts.list({ includeTrashed: true });

    expect(visible.items.map((contact) => contact.name)).toEqual(["Ada"]);
    expect(all.items.map((contact) => contact.name)).toEqual(["Ada", "Bob"]);
  });

  test("list with damaged cursor", async () => {
    const { asMember } = await setUp();

    const rejection = await rejectionOf(asMember.contacts.list({ cursor: "not-a-cursor" }));

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["cursor"]);
  });

  test("search ignores case on name and email", async () => {
    const { asMember } = await setUp();
    await asMember.contacts.create({ name: "Ada Lovelace" });
    await asMember.contacts.create({ name: "Charles", email: "babbage@LOVELACE.org" });
    await asMember.contacts.create({ name: "Grace" });

    const found = await asMember.contacts.search({ query: "loveLACE" });

    expect(found.map((contact) => contact.name)).toEqual(["Ada Lovelace", "Charles"]);
  });

  test("search escapes percent", async () => {
    const { asMember } = await setUp();
    await asMember.contacts.create({ name: "100% Ada" });
    await asMember.contacts.create({ name: "100 Ada" });

    const found = await asMember.contacts.search({ query: "100%" });

    expect(found.map((contact) => contact.name)).toEqual(["100% Ada"]);
  });

  test("search escapes underscore", async () => {
    const { asMember } = await setUp();
    await asMember.contacts.create({ name: "ada_l" });
    await asMember.contacts.create({ name: "adaxl" });

    const found = await asMember.contacts.search({ query: "a_l" });

    expect(found.map((contact) => contact.name)).toEqual(["ada_l"]);
  });

  test("search escapes backslash", async () => {
    const { asMember } = await setUp();
    await asMember.contacts.create({ name: "back\\slash" });
    await asMember.contacts.create({ name: "backslash" });

    const found = await asMember.contacts.search({ query: "k\\s" });

    expect(found.map((contact) => contact.name)).toEqual(["back\\slash"]);
  });

  test("search excludes trashed and applies limit", async () => {
    const { asMember } = await setUp();
    for (const name of ["Ada 1", "Ada 2", "Ada 3"]) await asMember.contacts.create({ name });
    const trashed = await asMember.contacts.create({ name: "Ada 0" });
    await asMember.contacts.trash({ id: trashed.id });

    const found = await asMember.contacts.search({ query: "ada", limit: 2 });

    expect(found.map((contact) => contact.name)).toEqual(["Ada 1", "Ada 2"]);
  });

  test("search with blank query", async () => {
    const { asMember } = await setUp();
    await asMember.contacts.create({ name: "Ada" });

    expect(await asMember.contacts.search({ query: "  " })).toEqual([]);
  });

  test("trash and restore keep previous status", async () => {
    const { asMember } = await setUp();
    const created = await asMember.contacts.create({ name: "Ada", status: "inactive" });

    const trashed = await asMember.contacts.trash({ id: created.id });
    const trashedAgain = await asMember.contacts.trash({ id: created.id });
    const restored = await asMember.contacts.restore({ id: created.id });

    expect(trashed.status).toBe("trashed");
    expect(trashed.statusBeforeTrash).toBe("inactive");
    expect(trashedAgain.statusBeforeTrash).toBe("inactive");
    expect(restored.status).toBe("inactive");
    expect(restored.statusBeforeTrash).toBeNull();
  });

  test("status of trashed contact", async () => {
    const { asMember } = await setUp();
    const created = await asMember.contacts.create({ name: "Ada" });
    await asMember.contacts.trash({ id: created.id });

    const rejection = await rejectionOf(asMember.contacts.update({ id: created.id, changes: { status: "active" } }));
    const after = await asMember.contacts.get({ id: created.id });

    expect(Object.keys(rejection.fieldErrors)).toEqual(["changes.status"]);
    expect(after?.status).toBe("trashed");
  });

  test("contact shows memberships", async () => {
    const { asMember } = await setUp();
    const contact = await asMember.contacts.create({ name: "Ada" });
    const first = await asMember.companies.create({ name: "Analytical Engines" });
    const second = await asMember.companies.create({ name: "Difference Engines" });
    await asMember.companies.addMember({ companyId: first.id, contactId: contact.id, roleInCompany: "Analyst" });
    await asMember.companies.addMember({ companyId: second.id, contactId: contact.id, isPrimary: true });

    const loaded = await asMember.contacts.get({ id: contact.id });

    expect(loaded?.memberships.map((membership) => membership.companyName)).toEqual([
      "Difference Engines",
      "Analytical Engines",
    ]);
    expect(loaded?.primaryMembership?.companyId).toBe(second.id);
    expect(loaded?.memberships[1]?.roleInCompany).toBe("Analyst");
  });

  test("member cannot delete", async () => {
    const { services, asMember } = await setUp();
    const contact = await asMember.contacts.create({ name: "Ada" });

    const rejection = await rejectionOf(asMember.contacts.delete({ id: contact.id }));

    expect(rejection.code).toBe("FORBIDDEN");
    expect(await services.db.select().from(contacts)).toHaveLength(1);
  });

  test("admin deletes contact", async () => {
    const { asAdmin } = await setUp();
    const contact = await asAdmin.contacts.create({ name: "Ada" });

    await asAdmin.contacts.delete({ id: contact.id });
    const second = await rejectionOf(asAdmin.contacts.delete({ id: contact.id }));

    expect(await asAdmin.contacts.get({ id: contact.id })).toBeNull();
    expect(second.code).toBe("NOT_FOUND");
  });

  test("writes send notices", async () => {
    const { services, workspace, asMember } = await setUp();

    const contact = await asMember.contacts.create({ name: "Ada" });
    await asMember.contacts.update({ id: contact.id, changes: { name: "Ada King" } });

    expect(services.notices).toEqual([
      { workspaceId: workspace.workspaceId, contactIds: [contact.id] },
      { workspaceId: workspace.workspaceId, contactIds: [contact.id] },
    ]);
  });

  test("foreign contact ids", async () => {
    const { services, asAdmin } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    const foreign = await other.asAdmin.contacts.create({ name: "Foreign Ada", email: "ada@globex.com" });
    const id = foreign.id;

    const get = await asAdmin.contacts.get({ id });
    const update = await rejectionOf(asAdmin.contacts.update({ id, changes: { name: "Taken" } }));
    const trash = await rejectionOf(asAdmin.contacts.trash({ id }));
    const restore = await rejectionOf(asAdmin.contacts.restore({ id }));
    const remove = await rejectionOf(asAdmin.contacts.delete({ id }));
    const listed = await asAdmin.contacts.list({ includeTrashed: true });
    const searched = await asAdmin.contacts.search({ query: "ada" });
    const reused = await rejectionOf(asAdmin.contacts.create({ id, name: "Copy" }));
    const after = await other.asAdmin.contacts.get({ id });

    expect(get).toBeNull();
    expect(update.code).toBe("NOT_FOUND");
    expect(trash.code).toBe("NOT_FOUND");
    expect(restore.code).toBe("NOT_FOUND");
    expect(remove.code).toBe("NOT_FOUND");
    expect(listed.items).toEqual([]);
    expect(searched).toEqual([]);
    expect(Object.keys(reused.fieldErrors)).toEqual(["id"]);
    expect(after?.name).toBe("Foreign Ada");
    expect(after?.status).toBe("active");
  });

  test("hard delete removes interactions and unresolves parties", async () => {
    const { services, workspace, asAdmin, asMember } = await setUp();
    const ada = await asMember.contacts.create({ name: "Ada" });
    const bob = await asMember.contacts.create({ name: "Bob" });
    const file = await stageFile(services, workspace.member, {
      filename: "minutes.txt",
      contentType: "text/plain",
      data: new TextEncoder().encode("minutes"),
    });
    const first = await asMember.interactions.create({ interaction: { contactId: ada.id, subject: "Call" }, fileIds: [file.id] });
    const second = await asMember.interactions.create({ interaction: { contactId: ada.id, subject: "Visit" } });
    const aboutBob = await asMember.interactions.create({
      interaction: { contactId: bob.id, subject: "Lunch" },
      parties: [{ rawName: "Ada from accounts", contactId: ada.id }],
    });
    const [partyBefore] = await services.db
      .select()
      .from(interactionParties)
      .where(eq(interactionParties.interactionId, aboutBob.id));
    const [bobBefore] = await services.db.select().from(interactions).where(eq(interactions.id, aboutBob.id));
    services.notices.length = 0;

    await asAdmin.contacts.delete({ id: ada.id });

    const deletedEntries = await services.db
      .select()
      .from(activityEntries)
      .where(and(eq(activityEntries.resourceId, ada.id), eq(activityEntries.action, "interaction.deleted")));
    const [partyAfter] = await services.db
      .select()
      .from(interactionParties)
      .where(eq(interactionParties.interactionId, aboutBob.id));
    const [bobAfter] = await services.db.select().from(interactions).where(eq(interactions.id, aboutBob.id));
    const notifiedContacts = services.notices.flatMap((notice) => notice.contactIds);

    expect(deletedEntries.map((entry) => entry.metadata.interactionId).sort()).toEqual([first.id, second.id].sort());
    expect(await services.db.select().from(files)).toEqual([]);
    expect(await services.db.select().from(fileContents)).toEqual([]);
    expect(await services.db.select().from(interactions).where(eq(interactions.contactId, ada.id))).toEqual([]);
    expect(partyAfter?.contactId).toBeNull();
    expect(partyAfter?.rawName).toBe("Ada from accounts");
    expect(partyAfter?.snapshot).toEqual(partyBefore?.snapshot);
    expect(bobAfter?.version).not.toBe(bobBefore?.version);
    expect(notifiedContacts).toContain(ada.id);
    expect(notifiedContacts).toContain(bob.id);
    expect(await asMember.interactions.get({ id: aboutBob.id })).not.toBeNull();
  });
});
