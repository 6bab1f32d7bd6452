import { interactionParties, staffPersons } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";

import { createTestServices, createTestWorkspace } from "../../test/harness";
import { rejectionOf } from "../../test/rejection";

describeEachDatabase("staff router", (getHandle) => {
  async function setUp() {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const grace = await workspace.asAdmin.staff.create({
      name: "Grace Hopper",
      jobTitle: "Rear Admiral",
      employmentType: "full_time",
      email: "grace@example.com",
    });
    return { services, workspace, asMember: workspace.asMember, asAdmin: workspace.asAdmin, grace };
  }

  test("member cannot write staff", async () => {
    const { services, asMember, grace } = await setUp();

    const create = await rejectionOf(asMember.staff.create({ name: "Max" }));
    const update = await rejectionOf(asMember.staff.update({ id: grace.id, changes: { name: "Taken" } }));
    const trash = await rejectionOf(asMember.staff.trash({ id: grace.id }));
    const restore = await rejectionOf(asMember.staff.restore({ id: grace.id }));
    const remove = await rejectionOf(asMember.staff.delete({ id: grace.id }));
    const rows = await services.db.select().from(staffPersons);

    expect(create.code).toBe("FORBIDDEN");
    expect(update.code).toBe("FORBIDDEN");
    expect(trash.code).toBe("FORBIDDEN");
    expect(restore.code).toBe("FORBIDDEN");
    expect(remove.code).toBe("FORBIDDEN");
    expect(rows.map((row) => [row.name, row.status])).toEqual([["Grace Hopper", "active"]]);
  });

  test("member reads staff", async () => {
    const { asMember, grace } = await setUp();

    const got = await asMember.staff.get({ id: grace.id });
    const listed = await asMember.staff.list();
    const searched = await asMember.staff.search({ query: "GRACE@" });

    expect(got?.jobTitle).toBe("Rear Admiral");
    expect(got?.employmentType).toBe("full_time");
    expect(listed.items.map((person) => person.id)).toEqual([grace.id]);
    expect(searched.map((person) => person.id)).toEqual([grace.id]);
  });

  test("admin updates staff", async () => {
    const { asAdmin, grace } = await setUp();

    const updated = await asAdmin.staff.update({ id: grace.id, changes: { jobTitle: null, employmentType: "contractor" } });

    expect(updated.jobTitle).toBeNull();
    expect(updated.employmentType).toBe("contractor");
    expect(updated.name).toBe("Grace Hopper");
  });

  test("bad employment type", async () => {
    const { asAdmin } = await setUp();

    const rejection = await rejectionOf(
      asAdmin.staff.create({ name: "Max", employmentType: "volunteer" as "full_time" }),
    );

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["employmentType"]);
  });

  test("trash and restore keep previous status", async () => {
    const { asAdmin, asMember, grace } = await setUp();
    await asAdmin.staff.update({ id: grace.id, changes: { status: "inactive" } });

    const trashed = await asAdmin.staff.trash({ id: grace.id });
    const searched = await asMember.staff.search({ query: "grace" });
    const restored = await asAdmin.staff.restore({ id: grace.id });

    expect(trashed.status).toBe("trashed");
    expect(trashed.statusBeforeTrash).toBe("inactive");
    expect(searched).toEqual([]);
    expect(restored.status).toBe("inactive");
  });

  test("delete unresolves parties", async () => {
    const { services, asAdmin, asMember, grace } = await setUp();
    const ada = await asMember.contacts.create({ name: "Ada" });
    const logged = await asMember.interactions.create({
      interaction: { contactId: ada.id, subject: "Review" },
      parties: [{ rawName: "Grace", staffPersonId: grace.id }],
    });
    const [before] = await services.db
      .select()
      .from(interactionParties)
      .where(eq(interactionParties.interactionId, logged.id));

    await asAdmin.staff.delete({ id: grace.id });
    const [after] = await services.db
      .select()
      .from(interactionParties)
      .where(eq(interactionParties.interactionId, logged.id));

    expect(await asMember.staff.get({ id: grace.id })).toBeNull();
    expect(after?.staffPersonId).toBeNull();
    expect(after?.rawName).toBe("Grace");
    expect(after?.snapshot).toEqual(before?.snapshot);
    expect(services.notices.at(-1)?.contactIds).toEqual([ada.id]);
  });

  test("foreign staff ids", async () => {
    const { services, asAdmin } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    const foreign = await other.asAdmin.staff.create({ name: "Foreign Grace" });
    const id = foreign.id;

    const get = await asAdmin.staff.get({ id });
    const update = await rejectionOf(asAdmin.staff.update({ id, changes: { name: "Taken" } }));
    const trash = await rejectionOf(asAdmin.staff.trash({ id }));
    const restore = await rejectionOf(asAdmin.staff.restore({ id }));
    const remove = await rejectionOf(asAdmin.staff.delete({ id }));
    const searched = await asAdmin.staff.search({ query: "foreign" });
    const listed = await asAdmin.staff.list({ includeTrashed: true });
    const after = await other.asAdmin.staff.get({ id });

    expect(get).toBeNull();
    expect(update.code).toBe("NOT_FOUND");
    expect(trash.code).toBe("NOT_FOUND");
    expect(restore.code).toBe("NOT_FOUND");
    expect(remove.code).toBe("NOT_FOUND");
    expect(searched).toEqual([]);
    expect(listed.items.map((person) => person.name)).toEqual(["Grace Hopper"]);
    expect(after?.name).toBe("Foreign Grace");
  });
});
