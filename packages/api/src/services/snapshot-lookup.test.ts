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
import { createSnapshotLookup } from "./snapshot-lookup";

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
});
