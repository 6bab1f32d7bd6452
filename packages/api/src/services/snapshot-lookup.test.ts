import { describeEachDatabase } from "@crm/db/testing";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import {
  seedCompany,
  seedContact,
  seedMembership,
  seedStaffPerson,
  seedWorkspace,
} from "../../test/interaction-seed";
import { createSnapshotLookup, prefetchSnapshotLookup } from "./snapshot-lookup";

describeEachDatabase("createSnapshotLookup", (getHandle) => {
  test("contact with memberships", async () => {
    const { db } = getHandle();
    const workspaceId = await seedWorkspace(db);
    const ada = await seedContact(db, workspaceId, { name: "Ada", email: "ada@example.com" });
    const engines = await seedCompany(db, workspaceId, { name: "Engines" });
    const membership = await seedMembership(db, ada, engines, { roleInCompany: "Analyst", department: "R&D" });

    const found = await createSnapshotLookup(db, workspaceId).getContact(ada.id.toUpperCase());

    expect(found).toEqual({
      id: ada.id,
      name: "Ada",
      email: "ada@example.com",
      status: "active",
      memberships: [
        {
          id: membership.id,
          companyId: engines.id,
          companyName: "Engines",
          roleInCompany: "Analyst",
          department: "R&D",
          isPrimary: true,
          position: 0,
          createdAt: membership.createdAt,
        },
      ],
    });
  });

  test("staff person", async () => {
    const { db } = getHandle();
    const workspaceId = await seedWorkspace(db);
    const sam = await seedStaffPerson(db, workspaceId, { jobTitle: "Engineer", employmentType: "contractor" });

    const found = await createSnapshotLookup(db, workspaceId).getStaffPerson(sam.id);

    expect(found).toEqual({
      id: sam.id,
      name: "Sam Staff",
      jobTitle: "Engineer",
      employmentType: "contractor",
      status: "active",
    });
  });

  test("other workspace, missing and malformed ids", async () => {
    const { db } = getHandle();
    const workspaceId = await seedWorkspace(db);
    const otherWorkspaceId = await seedWorkspace(db, "Globex");
    const foreign = await seedContact(db, otherWorkspaceId);
    const foreignStaff = await seedStaffPerson(db, otherWorkspaceId);
    const lookup = createSnapshotLookup(db, workspaceId);

    expect(await lookup.getContact(foreign.id)).toBeUndefined();
    expect(await lookup.getStaffPerson(foreignStaff.id)).toBeUndefined();
    expect(await lookup.getContact(uuidv7())).toBeUndefined();
    expect(await lookup.getContact("not-an-id")).toBeUndefined();
    expect(await lookup.getStaffPerson("")).toBeUndefined();
  });

  test("prefetched lookup matches plain lookup", async () => {
    const { db } = getHandle();
    const workspaceId = await seedWorkspace(db);
    const otherWorkspaceId = await seedWorkspace(db, "Globex");
    const ada = await seedContact(db, workspaceId, { name: "Ada" });
    const grace = await seedContact(db, workspaceId, { name: "Grace", email: "grace@example.com" });
    const alan = await seedContact(db, workspaceId, { name: "Alan" });
    const engines = await seedCompany(db, workspaceId, { name: "Engines" });
    const navy = await seedCompany(db, workspaceId, { name: "Navy" });
    await seedMembership(db, grace, engines, { roleInCompany: "Analyst" });
    await seedMembership(db, grace, navy, { isPrimary: false, position: 1 });
    const sam = await seedStaffPerson(db, workspaceId, { jobTitle: "Engineer" });
    const foreign = await seedContact(db, otherWorkspaceId);
    const plain = createSnapshotLookup(db, workspaceId);

    const prefetched = await prefetchSnapshotLookup(db, workspaceId, {
      contactIds: [ada.id, grace.id.toUpperCase(), foreign.id, "not-an-id", "", null, undefined],
      staffPersonIds: [sam.id],
    });

    // Alan and the random id were not prefetched, so the lookup reads them when asked.
    for (const id of [ada.id, grace.id, grace.id.toUpperCase(), foreign.id, alan.id, uuidv7(), "not-an-id"]) {
      expect(await prefetched.getContact(id)).toEqual(await plain.getContact(id));
    }
    expect((await prefetched.getContact(grace.id))?.memberships).toHaveLength(2);
    expect((await prefetched.getContact(alan.id))?.name).toBe("Alan");
    expect(await prefetched.getContact(foreign.id)).toBeUndefined();
    expect(await prefetched.getStaffPerson(sam.id)).toEqual(await plain.getStaffPerson(sam.id));
    expect(await prefetched.getStaffPerson(uuidv7())).toBeUndefined();
  });
});
