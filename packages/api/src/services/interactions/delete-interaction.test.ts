import { activityEntries, fileContents, files, interactionParties, interactions, runInTransaction } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../../test/error-shape";
import { seedContact, setUpInteractionsTest } from "../../../test/interaction-seed";
import { stageFile } from "../files";
import { deleteInteraction, deleteInteractionsOfContact } from ".";

describeEachDatabase("deleteInteraction", (getHandle) => {
  async function setUpWithInteraction() {
    const context = await setUpInteractionsTest(getHandle());
    const { services, workspace, ada } = context;
    const grace = await seedContact(services.db, workspace.workspaceId, { name: "Grace Hopper" });
    const file = await stageFile(services, workspace.member, {
      filename: "minutes.txt",
      contentType: "text/plain",
      data: new Uint8Array([104, 105]),
    });
    const created = await workspace.asMember.interactions.create({
      interaction: { contactId: ada.id, subject: "Minutes", body: "secret body" },
      parties: [{ rawName: "Grace", contactId: grace.id }, { rawName: "Bob" }],
      fileIds: [file.id],
    });
    services.notices.length = 0;
    return { ...context, grace, created };
  }

  test("delete removes parties and files", async () => {
    const { services, workspace, created } = await setUpWithInteraction();

    const result = await workspace.asMember.interactions.delete({ id: created.id });

    expect(result).toEqual({ id: created.id });
    expect(await workspace.asMember.interactions.get({ id: created.id })).toBeNull();
    expect(await services.db.select().from(interactionParties)).toEqual([]);
    expect(await services.db.select().from(files)).toEqual([]);
    expect(await services.db.select().from(fileContents)).toEqual([]);
  });

  test("second delete is not found", async () => {
    const { workspace, created } = await setUpWithInteraction();
    await workspace.asMember.interactions.delete({ id: created.id });

    const error = await clientErrorOf(workspace.asMember.interactions.delete({ id: created.id }));

    expect(error.data.code).toBe("NOT_FOUND");
  });

  test("member who is not owner is forbidden", async () => {
    const { services, workspace, created } = await setUpWithInteraction();
    const ownedByAdmin = await workspace.asAdmin.interactions.create({ interaction: { contactId: created.contactId } });
    services.notices.length = 0;

    const error = await clientErrorOf(workspace.asMember.interactions.delete({ id: ownedByAdmin.id }));

    expect(error.data.code).toBe("FORBIDDEN");
    expect(await workspace.asAdmin.interactions.get({ id: ownedByAdmin.id })).toEqual(ownedByAdmin);
    expect(services.notices).toEqual([]);
  });

  test("admin may delete others' interactions", async () => {
    const { workspace, created } = await setUpWithInteraction();

    await workspace.asAdmin.interactions.delete({ id: created.id });

    expect(await workspace.asAdmin.interactions.get({ id: created.id })).toBeNull();
  });

  test("delete logs activity without body", async () => {
    const { services, workspace, grace, created } = await setUpWithInteraction();

    await workspace.asMember.interactions.delete({ id: created.id });

    const [entry] = await services.db
      .select()
      .from(activityEntries)
      .where(eq(activityEntries.action, "interaction.deleted"));
    expect(entry).toMatchObject({ actorUserId: workspace.member.userId, resourceType: "contact", resourceId: created.contactId });
    expect(entry?.metadata).toEqual({
      interactionId: created.id,
      type: "note",
      subject: "Minutes",
      changedFields: [],
      partiesAdded: [],
      partiesRemoved: [
        { identity: `contact:${grace.id}`, rawName: "Grace" },
        { identity: "name:bob", rawName: "Bob" },
      ],
    });
    expect(JSON.stringify(entry?.metadata)).not.toContain("secret body");
  });

  test("delete notifies everyone involved", async () => {
    const { services, workspace, ada, grace, created } = await setUpWithInteraction();

    await workspace.asMember.interactions.delete({ id: created.id });

    expect(services.notices).toEqual([{ workspaceId: workspace.workspaceId, contactIds: [ada.id, grace.id] }]);
  });

  test("malformed id at service and router", async () => {
    const { services, workspace } = await setUpWithInteraction();

    const error = await clientErrorOf(workspace.asMember.interactions.delete({ id: "abc" }));

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["id"]);
    await expect(deleteInteraction(services, workspace.member, { id: "abc" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("contact's interactions deleted with side effects", async () => {
    const { services, workspace, ada, grace, created } = await setUpWithInteraction();
    const second = await workspace.asAdmin.interactions.create({ interaction: { contactId: ada.id } });
    const aboutGrace = await workspace.asMember.interactions.create({
      interaction: { contactId: grace.id },
      parties: [{ rawName: "Ada", contactId: ada.id }],
    });
    services.notices.length = 0;

    const afterCommit = await runInTransaction(services.db, (tx) =>
      deleteInteractionsOfContact(tx, services, workspace.member, ada.id),
    );

    expect(services.notices).toEqual([]);
    await afterCommit();
    const remaining = await services.db.select({ id: interactions.id }).from(interactions);
    expect(remaining).toEqual([{ id: aboutGrace.id }]);
    expect(await services.db.select().from(files)).toEqual([]);
    const deleted = await services.db
      .select()
      .from(activityEntries)
      .where(eq(activityEntries.action, "interaction.deleted"));
    expect(deleted.map((entry) => entry.metadata.interactionId).sort()).toEqual([created.id, second.id].sort());
    expect(services.notices).toHaveLength(1);
    expect([...(services.notices[0]?.contactIds ?? [])].sort()).toEqual([ada.id, grace.id].sort());
  });

  test("contact without interactions", async () => {
    const { services, workspace } = await setUpWithInteraction();
    const lonely = await seedContact(services.db, workspace.workspaceId, { name: "Lonely" });

    const afterCommit = await runInTransaction(services.db, (tx) =>
      deleteInteractionsOfContact(tx, services, workspace.member, lonely.id),
    );
    await afterCommit();

    expect(await workspace.asMember.interactions.count()).toBe(1);
    expect(services.notices).toEqual([]);
  });

  test("unknown id is not found", async () => {
    const { workspace } = await setUpWithInteraction();

    const error = await clientErrorOf(workspace.asMember.interactions.delete({ id: uuidv7() }));

    expect(error.data.code).toBe("NOT_FOUND");
  });
});
