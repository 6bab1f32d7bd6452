import { users } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { clientErrorOf } from "../../test/error-shape";
import { setUpInteractionsTest } from "../../test/interaction-seed";
import { listActivity, recordActivity } from "./activity";

describeEachDatabase("activity", (getHandle) => {
  test("list is newest first", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    const created = await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });
    await workspace.asMember.interactions.update({ id: created.id, changes: { subject: "Renamed" } });
    await workspace.asMember.interactions.delete({ id: created.id });

    const page = await workspace.asMember.activity.list({ resourceType: "contact", resourceId: ada.id });

    expect(page.items.map((entry) => entry.action)).toEqual([
      "interaction.deleted",
      "interaction.updated",
      "interaction.logged",
    ]);
    expect(page.items[1]?.metadata).toMatchObject({ interactionId: created.id, changedFields: ["subject"] });
    expect(page.nextCursor).toBeNull();
  });

  test("list names the actor", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });

    const page = await workspace.asAdmin.activity.list({ resourceType: "contact", resourceId: ada.id });

    expect(page.items[0]?.actorUserId).toBe(workspace.member.userId);
    expect(page.items[0]?.actorName).toBe("Max Member");
  });

  test("list of a deleted actor has no name", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });
    await services.db.delete(users).where(eq(users.id, workspace.member.userId));

    const page = await workspace.asAdmin.activity.list({ resourceType: "contact", resourceId: ada.id });

    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.actorName).toBeNull();
  });

  test("list of an entry without actor has no name", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    await recordActivity(services.db, {
      id: uuidv7(),
      workspaceId: workspace.workspaceId,
      actorUserId: null,
      action: "interaction.deleted",
      resourceType: "contact",
      resourceId: ada.id,
      metadata: {},
      createdAt: new Date(),
    });

    const page = await workspace.asMember.activity.list({ resourceType: "contact", resourceId: ada.id });

    expect(page.items[0]?.actorName).toBeNull();
  });

  test("list pages through every entry once", async () => {
    const { services, workspace, ada } = await setUpInteractionsTest(getHandle());
    const sameTime = new Date("2026-02-01T12:00:00.000Z");
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) {
      const id = uuidv7();
      ids.push(id);
      await recordActivity(services.db, {
        id,
        workspaceId: workspace.workspaceId,
        actorUserId: workspace.member.userId,
        action: "interaction.logged",
        resourceType: "contact",
        resourceId: ada.id,
        metadata: { index },
        createdAt: index < 6 ? sameTime : new Date(sameTime.getTime() + index),
      });
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: readonly { id: string }[]; nextCursor: string | null } =
        await workspace.asMember.activity.list({ resourceType: "contact", resourceId: ada.id, limit: 5, cursor });
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor !== null);

    expect(seen).toEqual([...ids].reverse());
  });

  test("list of another resource type is empty", async () => {
    const { workspace, ada } = await setUpInteractionsTest(getHandle());
    await workspace.asMember.interactions.create({ interaction: { contactId: ada.id } });

    const page = await workspace.asMember.activity.list({ resourceType: "company", resourceId: ada.id });

    expect(page.items).toEqual([]);
  });

  test("malformed resource id", async () => {
    const { services, workspace } = await setUpInteractionsTest(getHandle());

    const error = await clientErrorOf(workspace.asMember.activity.list({ resourceType: "contact", resourceId: "x" }));
    const page = await listActivity(services, workspace.member, { resourceType: "contact", resourceId: "x" });

    expect(error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(["resourceId"]);
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
