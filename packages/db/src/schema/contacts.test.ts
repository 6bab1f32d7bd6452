import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { insertContact, insertWorkspace } from "../test-rows";
import { describeEachDatabase } from "../testing";
import { isCheckViolation, isUniqueViolation } from "../transaction";
import { contacts } from "./contacts";

describeEachDatabase("contacts table", (getHandle) => {
  test("email is unique per workspace ignoring case", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    await insertContact(db, workspaceId, { email: "ada@example.com" });
    const duplicate = insertContact(db, workspaceId, { email: "ADA@Example.com" });
    await expect(duplicate).rejects.toSatisfy((error) => isUniqueViolation(error, "contacts_workspace_email_unique"));
  });

  test("allows the email in another workspace", async () => {
    const { db } = getHandle();
    await insertContact(db, await insertWorkspace(db), { email: "ada@example.com" });
    const other = await insertContact(db, await insertWorkspace(db, "Globex"), { email: "ada@example.com" });
    expect(other.email).toBe("ada@example.com");
  });

  test("allows many contacts without email", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    await insertContact(db, workspaceId);
    const second = await insertContact(db, workspaceId);
    expect(second.email).toBeNull();
  });

  test("version rises on every update", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const [updated] = await db.update(contacts).set({ phone: "+1 555 0100" }).where(eq(contacts.id, contact.id)).returning();
    expect(updated?.version).toBe(contact.version + 1);
  });

  test("status outside the list is rejected", async () => {
    const { db } = getHandle();
    const insert = insertContact(db, await insertWorkspace(db), { status: "archived" as "active" });
    await expect(insert).rejects.toSatisfy((error) => isCheckViolation(error, "contacts_status_check"));
  });
});
