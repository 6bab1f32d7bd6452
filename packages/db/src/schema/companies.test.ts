import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import type { Executor } from "../client";
import { insertContact, insertWorkspace } from "../test-rows";
import { describeEachDatabase } from "../testing";
import { isUniqueViolation } from "../transaction";
import { companies, memberships } from "./companies";
import type { MembershipRow } from "./index";

describeEachDatabase("memberships table", (getHandle) => {
  test("one membership per contact and company", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    const contact = await insertContact(db, workspaceId);
    const companyId = await insertCompany(db, workspaceId);
    await insertMembership(db, workspaceId, contact.id, companyId, false);
    const duplicate = insertMembership(db, workspaceId, contact.id, companyId, false);
    await expect(duplicate).rejects.toSatisfy((error) => isUniqueViolation(error, "memberships_contact_company_unique"));
  });

  test("at most one primary membership per contact", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    const contact = await insertContact(db, workspaceId);
    await insertMembership(db, workspaceId, contact.id, await insertCompany(db, workspaceId), true);
    const second = insertMembership(db, workspaceId, contact.id, await insertCompany(db, workspaceId), true);
    await expect(second).rejects.toSatisfy((error) => isUniqueViolation(error, "memberships_one_primary_per_contact"));
  });

  test("allows several non-primary memberships", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    const contact = await insertContact(db, workspaceId);
    await insertMembership(db, workspaceId, contact.id, await insertCompany(db, workspaceId), true);
    await insertMembership(db, workspaceId, contact.id, await insertCompany(db, workspaceId), false);
    const third = await insertMembership(db, workspaceId, contact.id, await insertCompany(db, workspaceId), false);
    expect(third.isPrimary).toBe(false);
  });
});

async function insertCompany(db: Executor, workspaceId: string): Promise<string> {
  const id = randomUUID();
  await db.insert(companies).values({ id, workspaceId, name: "Initech" });
  return id;
}

async function insertMembership(
  db: Executor,
  workspaceId: string,
  contactId: string,
  companyId: string,
  isPrimary: boolean,
): Promise<MembershipRow> {
  const [row] = await db
    .insert(memberships)
    .values({ id: randomUUID(), workspaceId, contactId, companyId, isPrimary })
    .returning();
  if (row === undefined) throw new Error("Inserting a membership returned no row.");
  return row;
}
