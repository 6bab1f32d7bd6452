import { companies, memberships } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { createTestServices, createTestWorkspace } from "../../test/harness";
import { rejectionOf } from "../../test/rejection";

describeEachDatabase("companies router", (getHandle) => {
  async function setUp() {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const asMember = workspace.asMember;
    const ada = await asMember.contacts.create({ name: "Ada" });
    const engines = await asMember.companies.create({ name: "Analytical Engines" });
    const looms = await asMember.companies.create({ name: "Jacquard Looms" });
    return { services, workspace, asMember, asAdmin: workspace.asAdmin, ada, engines, looms };
  }

  test("create update and get", async () => {
    const { asMember, engines } = await setUp();

    const updated = await asMember.companies.update({
      id: engines.id,
      changes: { website: "https://engines.example", industry: "Computing", email: "" },
    });
    const loaded = await asMember.companies.get({ id: engines.id });

    expect(updated.website).toBe("https://engines.example");
    expect(updated.email).toBeNull();
    expect(loaded?.industry).toBe("Computing");
    expect(loaded?.name).toBe("Analytical Engines");
  });

  test("create with bad email", async () => {
    const { services, asMember } = await setUp();

    const rejection = await rejectionOf(asMember.companies.create({ name: "Globex", email: "globex" }));

    expect(Object.keys(rejection.fieldErrors)).toEqual(["email"]);
    expect(await services.db.select().from(companies)).toHaveLength(2);
  });

  test("list search trash and restore", async () => {
    const { asMember, engines } = await setUp();
    await asMember.companies.update({ id: engines.id, changes: { status: "inactive" } });

    const trashed = await asMember.companies.trash({ id: engines.id });
    const listed = await asMember.companies.list();
    const searched = await asMember.companies.search({ query: "ENGINES" });
    const restored = await asMember.companies.restore({ id: engines.id });
    const searchedAfter = await asMember.companies.search({ query: "ENGINES" });

    expect(trashed.statusBeforeTrash).toBe("inactive");
    expect(listed.items.map((company) => company.name)).toEqual(["Jacquard Looms"]);
    expect(searched).toEqual([]);
    expect(restored.status).toBe("inactive");
    expect(searchedAfter.map((company) => company.id)).toEqual([engines.id]);
  });

  test("addMember appends position", async () => {
    const { asMember, ada, engines, looms } = await setUp();

    const first = await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id });
    const second = await asMember.companies.addMember({
      companyId: looms.id,
      contactId: ada.id,
      roleInCompany: "Weaver",
      department: "Looms",
    });

    expect(first.position).toBe(0);
    expect(second.position).toBe(1);
    expect(second.roleInCompany).toBe("Weaver");
    expect(second.isPrimary).toBe(false);
  });

  test("one membership per contact and company", async () => {
    const { services, asMember, ada, engines } = await setUp();
    await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id });

    const rejection = await rejectionOf(asMember.companies.addMember({ companyId: engines.id, contactId: ada.id }));

    expect(rejection.code).toBe("CONFLICT");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["contactId"]);
    expect(await services.db.select().from(memberships)).toHaveLength(1);
  });

  test("adding a primary clears the previous one", async () => {
    const { services, asMember, ada, engines, looms } = await setUp();
    const first = await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id, isPrimary: true });

    await asMember.companies.addMember({ companyId: looms.id, contactId: ada.id, isPrimary: true });
    const rows = await services.db.select().from(memberships).where(eq(memberships.contactId, ada.id));
    const contact = await asMember.contacts.get({ id: ada.id });

    expect(rows.filter((row) => row.isPrimary).map((row) => row.companyId)).toEqual([looms.id]);
    expect(rows.find((row) => row.id === first.id)?.isPrimary).toBe(false);
    expect(contact?.primaryMembership?.companyId).toBe(looms.id);
  });

  test("updateMember switches primary", async () => {
    const { asMember, ada, engines, looms } = await setUp();
    await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id, isPrimary: true });
    await asMember.companies.addMember({ companyId: looms.id, contactId: ada.id });

    const updated = await asMember.companies.updateMember({
      companyId: looms.id,
      contactId: ada.id,
      changes: { isPrimary: true, roleInCompany: "Director", department: "Board" },
    });
    const contact = await asMember.contacts.get({ id: ada.id });

    expect(updated.isPrimary).toBe(true);
    expect(updated.roleInCompany).toBe("Director");
    expect(updated.department).toBe("Board");
    expect(contact?.memberships.filter((membership) => membership.isPrimary)).toHaveLength(1);
    expect(contact?.primaryMembership?.companyId).toBe(looms.id);
  });

  test("primary falls back to lowest position", async () => {
    const { asMember, ada, engines, looms } = await setUp();
    await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id });
    await asMember.companies.addMember({ companyId: looms.id, contactId: ada.id, isPrimary: true });

    await asMember.companies.updateMember({ companyId: looms.id, contactId: ada.id, changes: { isPrimary: false } });
    const contact = await asMember.contacts.get({ id: ada.id });

    expect(contact?.primaryMembership?.companyId).toBe(engines.id);
  });

  test("removeMember", async () => {
    const { asMember, ada, engines } = await setUp();
    await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id });

    await asMember.companies.removeMember({ companyId: engines.id, contactId: ada.id });
    const again = await rejectionOf(asMember.companies.removeMember({ companyId: engines.id, contactId: ada.id }));

    expect(await asMember.companies.members({ companyId: engines.id })).toEqual([]);
    expect(again.code).toBe("NOT_FOUND");
  });

  test("members exclude trashed contacts", async () => {
    const { asMember, ada, engines } = await setUp();
    const bob = await asMember.contacts.create({ name: "Bob" });
    await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id, roleInCompany: "Analyst" });
    await asMember.companies.addMember({ companyId: engines.id, contactId: bob.id });
    await asMember.contacts.trash({ id: bob.id });

    const members = await asMember.companies.members({ companyId: engines.id });

    expect(members.map((member) => member.contact.name)).toEqual(["Ada"]);
    expect(members[0]?.membership.roleInCompany).toBe("Analyst");
    expect(members[0]?.membership.isPrimary).toBe(false);
  });

  test("member cannot delete", async () => {
    const { services, asMember, engines } = await setUp();

    const rejection = await rejectionOf(asMember.companies.delete({ id: engines.id }));

    expect(rejection.code).toBe("FORBIDDEN");
    expect(await services.db.select().from(companies)).toHaveLength(2);
  });

  test("delete cascades memberships and keeps snapshots", async () => {
    const { services, asAdmin, asMember, ada, engines } = await setUp();
    await asMember.companies.addMember({ companyId: engines.id, contactId: ada.id, roleInCompany: "Analyst" });
    const logged = await asMember.interactions.create({ interaction: { contactId: ada.id, subject: "Call" } });

    await asAdmin.companies.delete({ id: engines.id });
    const interaction = await asMember.interactions.get({ id: logged.id });

    expect(await asMember.companies.get({ id: engines.id })).toBeNull();
    expect(await services.db.select().from(memberships)).toEqual([]);
    expect(interaction?.subjectSnapshot.company).toBe("Analytical Engines");
    expect(interaction?.subjectSnapshot.companyId).toBe(engines.id);
  });

  test("foreign company and contact ids", async () => {
    const { services, asAdmin, ada, engines } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    const foreignCompany = await other.asAdmin.companies.create({ name: "Foreign Engines" });
    const foreignContact = await other.asAdmin.contacts.create({ name: "Foreign Ada" });
    await other.asAdmin.companies.addMember({ companyId: foreignCompany.id, contactId: foreignContact.id });
    const id = foreignCompany.id;

    const get = await asAdmin.companies.get({ id });
    const update = await rejectionOf(asAdmin.companies.update({ id, changes: { name: "Taken" } }));
    const trash = await rejectionOf(asAdmin.companies.trash({ id }));
    const restore = await rejectionOf(asAdmin.companies.restore({ id }));
    const remove = await rejectionOf(asAdmin.companies.delete({ id }));
    const members = await asAdmin.companies.members({ companyId: id });
    const addToForeign = await rejectionOf(asAdmin.companies.addMember({ companyId: id, contactId: ada.id }));
    const addForeign = await rejectionOf(
      asAdmin.companies.addMember({ companyId: engines.id, contactId: foreignContact.id }),
    );
    const updateMember = await rejectionOf(
      asAdmin.companies.updateMember({ companyId: id, contactId: foreignContact.id, changes: { isPrimary: true } }),
    );
    const removeMember = await rejectionOf(
      asAdmin.companies.removeMember({ companyId: id, contactId: foreignContact.id }),
    );
    const searched = await asAdmin.companies.search({ query: "foreign" });
    const after = await other.asAdmin.companies.members({ companyId: id });

    expect(get).toBeNull();
    expect(update.code).toBe("NOT_FOUND");
    expect(trash.code).toBe("NOT_FOUND");
    expect(restore.code).toBe("NOT_FOUND");
    expect(remove.code).toBe("NOT_FOUND");
    expect(members).toEqual([]);
    expect(addToForeign.code).toBe("NOT_FOUND");
    expect(addForeign.fieldErrors.contactId).toEqual(["not found in this workspace"]);
    expect(updateMember.code).toBe("NOT_FOUND");
    expect(removeMember.code).toBe("NOT_FOUND");
    expect(searched).toEqual([]);
    expect(after).toHaveLength(1);
  });

  test("get missing company", async () => {
    const { asMember } = await setUp();

    expect(await asMember.companies.get({ id: uuidv7() })).toBeNull();
  });
});
