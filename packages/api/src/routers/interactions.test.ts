import { describeEachDatabase } from "@crm/db/testing";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../test/error-shape";
import { callerFor, createTestWorkspace } from "../../test/harness";
import { seedCompany, seedContact, seedMembership, setUpInteractionsTest } from "../../test/interaction-seed";

describeEachDatabase("interactions router", (getHandle) => {
  /** Creates two workspaces. Acme contains an interaction with a party, and Globex's admin tries to reach it. */
  async function setUpTwoWorkspaces() {
    const context = await setUpInteractionsTest(getHandle());
    const { services, workspace, ada } = context;
    const engines = await seedCompany(services.db, workspace.workspaceId);
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    await seedMembership(services.db, ada, engines);
    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, body: "Acme only" },
      parties: [{ rawName: "Grace", contactId: grace.id }],
    });
    const globex = await createTestWorkspace(services, "Globex");
    const globexContact = await seedContact(services.db, globex.workspaceId, { name: "Globex person" });
    services.notices.length = 0;
    return { ...context, engines, grace, created, globex, globexContact };
  }

  test("reads refuse another workspace's ids", async () => {
    const { ada, grace, engines, created, globex } = await setUpTwoWorkspaces();
    const intruder = globex.asAdmin.interactions;
    const empty = { items: [], nextCursor: null };

    expect(await intruder.get({ id: created.id })).toBeNull();
    expect(await intruder.listInvolving({ contactId: ada.id })).toEqual(empty);
    expect(await intruder.listInvolving({ contactId: grace.id })).toEqual(empty);
    expect(await intruder.listForContacts({ contactIds: [ada.id] })).toEqual(empty);
    for (const scope of ["members", "involving", "asOfThen"] as const) {
      expect(await intruder.listForCompany({ companyId: engines.id, scope })).toEqual(empty);
    }
    expect(await intruder.idsForContact({ contactId: ada.id })).toEqual([]);
    expect(await intruder.listRecent()).toEqual([]);
    expect(await intruder.count()).toBe(0);
  });

  test("writes refuse another workspace's ids", async () => {
    const { services, workspace, ada, grace, created, globex, globexContact } = await setUpTwoWorkspaces();
    const intruder = globex.asAdmin.interactions;

    const update = await clientErrorOf(intruder.update({ id: created.id, changes: { body: "Taken over" } }));
    const remove = await clientErrorOf(intruder.delete({ id: created.id }));
    const subject = await clientErrorOf(intruder.create({ interaction: { contactId: ada.id } }));
    const party = await clientErrorOf(
      intruder.create({
        interaction: { contactId: globexContact.id },
        parties: [{ rawName: "Grace", contactId: grace.id }],
      }),
    );
    const validation = await intruder.validate({ interaction: { contactId: ada.id } });
    const updateValidation = await intruder.validate({ id: created.id, changes: {} });

    expect(update.data.code).toBe("NOT_FOUND");
    expect(remove.data.code).toBe("NOT_FOUND");
    expect(subject.data.fieldErrors).toEqual({ "interaction.contactId": ["contact not found in this workspace"] });
    expect(party.data.fieldErrors).toEqual({ "parties.0.contactId": ["contact not found in this workspace"] });
    expect(Object.keys(validation.errors)).toEqual(["interaction.contactId"]);
    expect(Object.keys(updateValidation.errors)).toEqual(["id"]);
    expect(await workspace.asMember.interactions.get({ id: created.id })).toEqual(created);
    expect(services.notices).toEqual([]);
  });

  test("activity refuses another workspace's ids", async () => {
    const { ada, globex } = await setUpTwoWorkspaces();

    const page = await globex.asAdmin.activity.list({ resourceType: "contact", resourceId: ada.id });

    expect(page).toEqual({ items: [], nextCursor: null });
  });

  test("signed-out caller is unauthorized", async () => {
    const { services, ada } = await setUpTwoWorkspaces();
    const visitor = callerFor(services, null);

    const list = await clientErrorOf(visitor.interactions.listInvolving({ contactId: ada.id }));
    const create = await clientErrorOf(visitor.interactions.create({ interaction: { contactId: ada.id } }));
    const activity = await clientErrorOf(visitor.activity.list({ resourceType: "contact", resourceId: ada.id }));

    expect(list.data.code).toBe("UNAUTHORIZED");
    expect(create.data.code).toBe("UNAUTHORIZED");
    expect(activity.data.code).toBe("UNAUTHORIZED");
  });
});
