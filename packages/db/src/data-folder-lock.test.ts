import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createDatabase } from "./client";
import { dataFolderLockPath, DataFolderInUseError, lockDataFolder } from "./data-folder-lock";

describe("data folder lock", () => {
  let parentDir: string;
  let dataDir: string;

  beforeEach(async () => {
    parentDir = await mkdtemp(join(tmpdir(), "crm-lock-"));
    dataDir = join(parentDir, "data");
  });

  afterEach(async () => {
    await rm(parentDir, { recursive: true, force: true });
  });

  it("rejects a second open of a folder in use", async () => {
    const first = await createDatabase({ dataDir });
    try {
      await expect(createDatabase({ dataDir })).rejects.toBeInstanceOf(DataFolderInUseError);
      await expect(createDatabase({ dataDir })).rejects.toThrow(/in use by process \d+/);
    } finally {
      await first.close();
    }
  });

  it("frees the folder on close", async () => {
    const first = await createDatabase({ dataDir });
    await first.close();

    const second = await createDatabase({ dataDir });
    await second.close();
  });

  it("records the holding process beside the folder", async () => {
    const unlock = await lockDataFolder(dataDir);
    expect(await readFile(dataFolderLockPath(dataDir), "utf8")).toBe(String(process.pid));
    await unlock();
  });

  it("takes over a lock left by a process that stopped", async () => {
    // Process ids are at most 2^22 on Linux, so this one cannot be running.
    await writeFile(dataFolderLockPath(dataDir), "99999999");

    const unlock = await lockDataFolder(dataDir);
    expect(await readFile(dataFolderLockPath(dataDir), "utf8")).toBe(String(process.pid));
    await unlock();
  });
});
