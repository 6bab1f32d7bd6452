import { companies, contacts, memberships, type DatabaseHandle } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { asc, count, eq } from "drizzle-orm";
import { expect, test } from "vitest";

import { fixtureBytes, fixtureText } from "../../../test/fixtures/import/read-fixture";
import { createTestServices, createTestWorkspace } from "../../../test/harness";
import { seedCompany, seedContact, seedMembership } from "../../../test/interaction-seed";
import { ImportFileError } from "../../import";
import { importFile } from "./import-file";

async function setUp(handle: DatabaseHandle) {
  const services = createTestServices(handle);
  const workspace = await createTestWorkspace(services);
  return { services, workspace, actor: workspace.member, workspaceId: workspace.workspaceId };
}

async function membersOf(handle: DatabaseHandle, workspaceId: string) {
  return handle.db
    .select({
      contact: contacts.name,
      email: contacts.email,
      company: companies.name,
      role: memberships.roleInCompany,
      department: memberships.department,
    })
    .from(memberships)
    .innerJoin(contacts, eq(contacts.id, memberships.contactId))
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(contacts.name));
}

async function rowCounts(handle: DatabaseHandle) {
  const [contactCount] = await handle.db.select({ value: count() }).from(contacts);
  const [companyCount] = await handle.db.select({ value: count() }).from(companies);
  const [membershipCount] = await handle.db.select({ value: count() }).from(memberships);
  return { contacts: contactCount?.value, companies: companyCount?.value, memberships: membershipCount?.value };
}

describeEachDatabase("importFile contacts", (getHandle) => {
  test("vCard creates contacts, companies, memberships", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());

    const report = await importFile(services, actor, { format: "vcard", content: fixtureBytes("contacts-v3.vcf") });

    expect(report.created).toEqual({ contacts: 3, companies: 2, memberships: 2, interactions: 0 });
    expect(await membersOf(getHandle(), workspaceId)).toEqual([
      { contact: "Zoë Ångström", email: "zoe@home.example", company: "Nordlys AB", role: "Principal Engineer", department: "Research" },
      { contact: "李小龙", email: "bruce@golden-harvest.example", company: "Golden Harvest", role: null, department: null },
    ]);
    expect(report.issues.map((issue) => issue.position)).toEqual([3]);
  });

  test("vCard keeps phone and notes", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());

    await importFile(services, actor, { format: "vcard", content: fixtureBytes("contacts-v3.vcf") });

    const [zoe] = await getHandle()
      .db.select()
      .from(contacts)
      .where(eq(contacts.email, "zoe@home.example"));
    expect(zoe?.workspaceId).toBe(workspaceId);
    expect(zoe?.phone).toBe("+46 70 123 45 67");
    expect(zoe?.notes).toBe("Met at the Stockholm fair, 2023.\nPrefers email; never calls.");
  });

  test("vCard re-import creates nothing", async () => {
    const { services, actor } = await setUp(getHandle());
    await importFile(services, actor, { format: "vcard", content: fixtureBytes("contacts-v3.vcf") });
    const before = await rowCounts(getHandle());

    const report = await importFile(services, actor, { format: "vcard", content: fixtureBytes("contacts-v3.vcf") });

    expect(report.created).toEqual({ contacts: 0, companies: 0, memberships: 0, interactions: 0 });
    expect(report.updated).toEqual({ contacts: 0, companies: 0, memberships: 0, interactions: 0 });
    expect(report.unchanged).toBe(3);
    expect(await rowCounts(getHandle())).toEqual(before);
  });

  test("Google CSV creates contacts and memberships", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());

    const report = await importFile(services, actor, { format: "csv", content: fixtureBytes("google-contacts.csv") });

    expect(report.created).toEqual({ contacts: 2, companies: 2, memberships: 2, interactions: 0 });
    expect(await membersOf(getHandle(), workspaceId)).toEqual([
      { contact: "Bruce Lee", email: "bruce@golden-harvest.example", company: "Golden Harvest", role: null, department: null },
      { contact: "Zoë Ångström", email: "Zoe.Angstrom@Nordlys.example", company: "Nordlys AB", role: "Principal Engineer", department: "Research" },
    ]);
  });

  test("Outlook CSV creates contacts and memberships", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());

    const report = await importFile(services, actor, { format: "csv", content: fixtureBytes("outlook-contacts.csv") });

    expect(report.created).toEqual({ contacts: 2, companies: 1, memberships: 1, interactions: 0 });
    expect(await membersOf(getHandle(), workspaceId)).toEqual([
      { contact: "Chidi Okafor", email: "chidi@example.org", company: "Okafor & Sons, Ltd.", role: "Counsel", department: "Legal" },
    ]);
  });

  test("CSV re-import creates nothing", async () => {
    const { services, actor } = await setUp(getHandle());
    await importFile(services, actor, { format: "csv", content: fixtureBytes("outlook-contacts.csv") });
    const before = await rowCounts(getHandle());

    const report = await importFile(services, actor, { format: "csv", content: fixtureBytes("outlook-contacts.csv") });

    expect(report.created).toEqual({ contacts: 0, companies: 0, memberships: 0, interactions: 0 });
    expect(report.unchanged).toBe(2);
    expect(await rowCounts(getHandle())).toEqual(before);
  });

  test("match by email ignores case", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());
    const existing = await seedContact(services.db, workspaceId, { name: "Zoe A.", email: "ZOE@HOME.EXAMPLE" });

    const report = await importFile(services, actor, { format: "vcard", content: fixtureBytes("contacts-v3.vcf") });

    expect(report.created.contacts).toBe(2);
    const [zoe] = await getHandle().db.select().from(contacts).where(eq(contacts.id, existing.id));
    expect(zoe?.name).toBe("Zoe A.");
    expect(zoe?.phone).toBe("+46 70 123 45 67");
  });

  test("update never overwrites, notes the difference", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());
    const chidi = await seedContact(services.db, workspaceId, {
      name: "Chidi",
      email: "chidi@example.org",
      phone: "+1 555 0000",
    });
    const company = await seedCompany(services.db, workspaceId, { name: "OKAFOR & SONS, LTD." });
    await seedMembership(services.db, chidi, company, { roleInCompany: "Partner" });

    const report = await importFile(services, actor, { format: "csv", content: fixtureBytes("outlook-contacts.csv") });

    const [row] = await getHandle().db.select().from(contacts).where(eq(contacts.id, chidi.id));
    expect(row?.name).toBe("Chidi");
    expect(row?.phone).toBe("+1 555 0000");
    expect(row?.notes).toBe("Prefers calls, not email.\nAvailable Mondays.");
    expect(report.created.companies).toBe(0);
    expect(report.updated).toEqual({ contacts: 1, companies: 0, memberships: 1, interactions: 0 });
    const reasons = report.issues.filter((issue) => issue.position === 2).map((issue) => issue.reason);
    expect(reasons).toEqual([
      'row 2: kept the contact\'s name "Chidi"; the file has "Chidi Okafor"',
      "row 2: kept the contact's phone +1 555 0000; the file has +234 803 555 0101",
      'row 2: kept the role "Partner" at OKAFOR & SONS, LTD.; the file has "Counsel"',
    ]);
  });

  test("no email matches one contact by name", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());
    const text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nTEL:+1 555 0199\r\nEND:VCARD\r\n";
    const grace = await seedContact(services.db, workspaceId, { name: "Grace Hopper" });

    const report = await importFile(services, actor, { format: "vcard", content: text });

    expect(report.created.contacts).toBe(0);
    const [row] = await getHandle().db.select().from(contacts).where(eq(contacts.id, grace.id));
    expect(row?.phone).toBe("+1 555 0199");
  });

  test("no email and two namesakes creates", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());
    const text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n";
    await seedContact(services.db, workspaceId, { name: "Grace Hopper" });
    await seedContact(services.db, workspaceId, { name: "Grace Hopper" });

    const report = await importFile(services, actor, { format: "vcard", content: text });

    expect(report.created.contacts).toBe(1);
  });

  test("malformed vCard writes nothing", async () => {
    const { services, actor } = await setUp(getHandle());
    const before = await rowCounts(getHandle());

    const result = importFile(services, actor, { format: "vcard", content: fixtureText("calendar-page.html") });

    await expect(result).rejects.toBeInstanceOf(ImportFileError);
    expect(await rowCounts(getHandle())).toEqual(before);
  });

  test("failing record leaves the others", async () => {
    const { services, actor } = await setUp(getHandle());
    const longNotes = "x".repeat(100_001);
    const text = [
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Too Long\r\nEMAIL:long@example.com\r\nORG:Verbose Inc\r\n",
      `NOTE:${longNotes}\r\nEND:VCARD\r\n`,
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Short\r\nEMAIL:short@example.com\r\nEND:VCARD\r\n",
    ].join("");

    const report = await importFile(services, actor, { format: "vcard", content: text });

    expect(report.created).toEqual({ contacts: 1, companies: 0, memberships: 0, interactions: 0 });
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]?.position).toBe(1);
    expect(report.issues[0]?.reason).toMatch(/^card 1: not imported: notes /);
    expect(await rowCounts(getHandle())).toEqual({ contacts: 1, companies: 0, memberships: 0 });
  });

  test("notifies after each record", async () => {
    const { services, actor, workspaceId } = await setUp(getHandle());

    await importFile(services, actor, { format: "csv", content: fixtureBytes("outlook-contacts.csv") });

    expect(services.notices).toHaveLength(2);
    expect(services.notices.every((notice) => notice.workspaceId === workspaceId)).toBe(true);
  });
});
