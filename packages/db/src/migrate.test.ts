import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { createDatabase, type DatabaseHandle } from "./client";
import { migrate, migrationsFolder } from "./migrate";
import { queryRows } from "./query-rows";
import { describeEachDatabase } from "./testing";

let fresh: DatabaseHandle | undefined;

afterEach(async () => {
  await fresh?.close();
  fresh = undefined;
});

test("migrate creates tables on PGlite", async () => {
  fresh = await createDatabase({ memory: true });
  await migrate(fresh);
  const tables = await queryRows<{ name: string }>(
    fresh.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
  );
  expect(tables.map((table) => table.name)).toContain("interaction_parties");
});

describeEachDatabase("migrate", (getHandle) => {
  test("running it again changes nothing", async () => {
    const { db } = getHandle();
    const countMigrations = () =>
      queryRows<{ count: number }>(db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    const before = await countMigrations();
    await migrate(getHandle());
    await migrate(getHandle());
    expect(await countMigrations()).toEqual(before);
  });

  test("records every committed migration", async () => {
    const rows = await queryRows<{ count: number }>(
      getHandle().db,
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(await readFile(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
      entries: readonly unknown[];
    };
    expect(rows[0]?.count).toBe(journal.entries.length);
  });
});
