import { login, resolveSession } from "@crm/api";
import {
  activityEntries,
  companies,
  contacts,
  interactionParties,
  interactions,
  memberships,
  staffPersons,
  users,
  workspaces,
} from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";

import { testServices } from "../test/harness";
import { seedDemoWorkspace } from "./seed";
import { DEMO_CONTACTS, DEMO_WORKSPACE_NAME } from "./seed-data";

const OPTIONS = { adminEmail: "owner@example.com", adminPassword: "demo-password" };

describeEachDatabase("seedDemoWorkspace", (getHandle) => {
  async function countRows() {
    const { db } = getHandle();
    return {
      workspaces: await db.$count(workspaces),
      users: await db.$count(users),
      staff: await db.$count(staffPersons),
      companies: await db.$count(companies),
      contacts: await db.$count(contacts),
      memberships: await db.$count(memberships),
      interactions: await db.$count(interactions),
      parties: await db.$count(interactionParties),
      activity: await db.$count(activityEntries),
    };
  }

  it("seeds once, then does nothing", async () => {
    const services = testServices(getHandle());
    const seeded = await seedDemoWorkspace(services, OPTIONS);
    const first = await countRows();

    expect(seeded).not.toBeNull();
    expect(first.workspaces).toBe(1);
    expect(first.users).toBe(1);
    expect(first.staff).toBe(5);
    expect(first.companies).toBe(5);
    expect(first.contacts).toBe(25);
    expect(first.memberships).toBe(DEMO_CONTACTS.flatMap((contact) => contact.memberships).length);
    expect(first.interactions).toBe(60);
    expect(first.activity).toBe(first.interactions);

    expect(await seedDemoWorkspace(services, OPTIONS)).toBeNull();
    expect(await countRows()).toEqual(first);
  });

  it("creates the configured admin", async () => {
    const services = testServices(getHandle());
    await seedDemoWorkspace(services, OPTIONS);

    const [workspace] = await getHandle().db.select().from(workspaces);
    expect(workspace?.name).toBe(DEMO_WORKSPACE_NAME);
    const signedIn = await login(services, { email: OPTIONS.adminEmail, password: OPTIONS.adminPassword });
    expect(signedIn.user.role).toBe("admin");
    expect(signedIn.user.staffPersonId).not.toBeNull();
    expect(await resolveSession(services, signedIn.token)).not.toBeNull();
  });

  it("snapshots every party", async () => {
    await seedDemoWorkspace(testServices(getHandle()), OPTIONS);
    const parties = await getHandle().db.select().from(interactionParties);

    expect(parties.length).toBeGreaterThan(60);
    for (const party of parties) {
      const snapshot = party.snapshot;
      expect(snapshot.capturedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(snapshot.source).toBe(expectedSource(party));
    }
  });

  it("logs all three party kinds", async () => {
    await seedDemoWorkspace(testServices(getHandle()), OPTIONS);
    const sources = new Set((await getHandle().db.select().from(interactionParties)).map((party) => (party.snapshot).source));
    expect([...sources].sort()).toEqual(["contact", "free_text", "staff"]);
  });

  it("keeps companies of moved contacts", async () => {
    await seedDemoWorkspace(testServices(getHandle()), OPTIONS);
    const { db } = getHandle();
    const logged = await db.select({ contactId: interactions.contactId, snapshot: interactions.subjectSnapshot }).from(interactions);
    const primaries = await db
      .select({ contactId: memberships.contactId, companyId: memberships.companyId })
      .from(memberships)
      .where(eq(memberships.isPrimary, true));
    const currentCompany = new Map(primaries.map((row) => [row.contactId, row.companyId]));

    const outdated = logged.filter(({ contactId, snapshot }) => {
      const companyId = (snapshot).companyId;
      return companyId !== undefined && companyId !== currentCompany.get(contactId);
    });
    expect(outdated.length).toBeGreaterThanOrEqual(3);
  });

  it("spreads interactions over a year", async () => {
    const services = testServices(getHandle());
    await seedDemoWorkspace(services, OPTIONS);
    const rows = await getHandle().db.select().from(interactions);
    const now = services.now().getTime();

    const ages = rows.map((row) => (now - row.occurredAt.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeLessThanOrEqual(366);
    expect(Math.min(...ages)).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.type))).toEqual(new Set(["call", "email", "meeting", "note", "other"]));
    expect(rows.filter((row) => row.body?.includes("\n")).length).toBeGreaterThan(30);
  });
});

/** Returns the snapshot source that a party's references call for. */
function expectedSource(party: { readonly contactId: string | null; readonly staffPersonId: string | null }): string {
  if (party.contactId !== null) return "contact";
  if (party.staffPersonId !== null) return "staff";
  return "free_text";
}
