import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { queryRows } from "./query-rows";
import { contacts } from "./schema";
import { insertContact, insertWorkspace } from "./test-rows";
import { createTestDatabase, describeEachDatabase, testDatabases } from "./testing";

test("testDatabases always includes PGlite", () => {
  expect(testDatabases()).toContain("pglite");
});

test("PGlite test database starts empty", async () => {
  const first = await createTestDatabase();
  await insertContact(first.db, await insertWorkspace(first.db));
  const second = await createTestDatabase();
  const rows = await second.db.select().from(contacts);
  await Promise.all([first.close(), second.close()]);
  expect(rows).toEqual([]);
});

test.runIf(testDatabases().includes("postgres"))("close drops the PostgreSQL copy", async () => {
  const handle = await createTestDatabase("postgres");
  const [current] = await queryRows<{ name: string }>(handle.db, sql`select current_database() as name`);
  await handle.close();

  const admin = await createTestDatabase("postgres");
  const remaining = await queryRows<{ count: number }>(
    admin.db,
    sql`select count(*)::int as count from pg_database where datname = ${current?.name ?? ""}`,
  );
  await admin.close();
  expect(remaining[0]?.count).toBe(0);
});

describeEachDatabase("describeEachDatabase", (getHandle) => {
  test("writes a row in one test", async () => {
    await insertWorkspace(getHandle().db);
  });

  test("finds no rows in the next", async () => {
    const rows = await queryRows<{ count: number }>(getHandle().db, sql`select count(*)::int as count from workspaces`);
    expect(rows[0]?.count).toBe(0);
  });
});
