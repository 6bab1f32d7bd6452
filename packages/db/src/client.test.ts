import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { createDatabase } from "./client";
import { migrate } from "./migrate";
import { workspaces } from "./schema";
import { insertWorkspace } from "./test-rows";
import { describeEachDatabase } from "./testing";

describeEachDatabase("listen and notify", (getHandle) => {
  test("delivers a payload to a listener", async () => {
    const handle = getHandle();
    const received = new Promise<string>((resolve) => {
      void handle.listen("workspace_poke", resolve).then(() => handle.notify("workspace_poke", "ws-1"));
    });
    expect(await received).toBe("ws-1");
  });

  test("stops delivering after unlisten", async () => {
    const handle = getHandle();
    const payloads: string[] = [];
    const unlisten = await handle.listen("workspace_poke", (payload) => payloads.push(payload));
    await unlisten();
    await handle.notify("workspace_poke", "late");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(payloads).toEqual([]);
  });

  test("rejects a mixed-case channel name", async () => {
    await expect(getHandle().listen("Workspace-Poke", () => undefined)).rejects.toThrow(/Channel name/);
  });
});

test("PGlite data folder survives close", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "crm-db-"));
  try {
    const first = await createDatabase({ dataDir });
    await migrate(first);
    const workspaceId = await insertWorkspace(first.db);
    await first.close();

    const second = await createDatabase({ dataDir });
    const rows = await second.db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    await second.close();
    expect(rows).toHaveLength(1);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
