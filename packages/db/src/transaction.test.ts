import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { contacts } from "./schema";
import { insertContact, insertWorkspace } from "./test-rows";
import { describeEachDatabase } from "./testing";
import { isUniqueViolation, runInTransaction, sqlStateOf } from "./transaction";

describeEachDatabase("runInTransaction", (getHandle, driver) => {
  test("commits the result of fn", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    await runInTransaction(db, (tx) => insertContact(tx, workspaceId, { name: "Grace" }));
    const rows = await db.select().from(contacts);
    expect(rows.map((row) => row.name)).toEqual(["Grace"]);
  });

  test("rolls back and rethrows when fn fails", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    const failing = runInTransaction(db, async (tx) => {
      await insertContact(tx, workspaceId);
      throw new Error("rule broken");
    });
    await expect(failing).rejects.toThrow("rule broken");
    expect(await db.select().from(contacts)).toEqual([]);
  });

  test("does not retry other database errors", async () => {
    const { db } = getHandle();
    const workspaceId = await insertWorkspace(db);
    await insertContact(db, workspaceId, { email: "ada@example.com" });
    let attempts = 0;
    const failing = runInTransaction(db, async (tx) => {
      attempts += 1;
      await insertContact(tx, workspaceId, { email: "ada@example.com" });
    });
    await expect(failing).rejects.toSatisfy((error) => isUniqueViolation(error));
    expect(attempts).toBe(1);
  });

  test.runIf(driver === "postgres")("retries a serialization failure", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db), { name: "Start" });
    const bothRead = barrier(2);
    let attempts = 0;

    // Both transactions read the row, then both update it: under repeatable read
    // the second writer fails with 40001 and must run again on fresh data.
    const rename = (suffix: string) =>
      runInTransaction(db, async (tx) => {
        attempts += 1;
        const [row] = await tx.select().from(contacts).where(eq(contacts.id, contact.id));
        if (attempts <= 2) await bothRead();
        await tx
          .update(contacts)
          .set({ name: `${row?.name ?? ""} ${suffix}` })
          .where(eq(contacts.id, contact.id));
      });
    await Promise.all([rename("A"), rename("B")]);

    const [after] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(attempts).toBe(3);
    expect(after?.name.split(" ").sort()).toEqual(["A", "B", "Start"]);
  });

  test.runIf(driver === "postgres")("gives up after maxAttempts", async () => {
    const { db } = getHandle();
    const contact = await insertContact(db, await insertWorkspace(db));
    const bothRead = barrier(2);
    const update = () =>
      runInTransaction(
        db,
        async (tx) => {
          await tx.select().from(contacts).where(eq(contacts.id, contact.id));
          await bothRead();
          await tx.update(contacts).set({ name: "Changed" }).where(eq(contacts.id, contact.id));
        },
        { maxAttempts: 1 },
      );
    const results = await Promise.allSettled([update(), update()]);
    const failure = results.find((result) => result.status === "rejected");
    expect(sqlStateOf(failure?.reason)).toBe("40001");
  });
});

test("sqlStateOf ignores Node system errors", () => {
  const error = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
  expect(sqlStateOf(error)).toBeUndefined();
});

test("sqlStateOf reads the wrapped cause", () => {
  const driverError = Object.assign(new Error("could not serialize access"), { code: "40001", severity: "ERROR" });
  expect(sqlStateOf(new Error("Failed query", { cause: driverError }))).toBe("40001");
});

/** Resolves once `parties` callers are waiting, so concurrent transactions interleave at a known point. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    waiting += 1;
    if (waiting === parties) release();
    return released;
  };
}

