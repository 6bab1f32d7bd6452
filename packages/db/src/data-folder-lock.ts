import { open, readFile, rm } from "node:fs/promises";
import { resolve } from "node:path";

/**
 * Returns the path of the lock file of a PGlite data folder: a sibling of the
 * folder, because PGlite initialises only an empty folder.
 */
export function dataFolderLockPath(dataDir: string): string {
  return `${resolve(dataDir)}.lock`;
}

/** Raised when another live process has the PGlite data folder open. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${holderPid}, probably a running CRM server. ` +
        "Stop that process first, or set DATABASE_URL to a PostgreSQL server, which several processes can share.",
    );
    this.name = "DataFolderInUseError";
  }
}

/**
 * Takes the data folder for this process and returns the function that gives
 * it back. PGlite keeps the database in memory and writes the folder as it
 * goes, so a second process on the same folder would silently overwrite the
 * first one's writes. A lock left by a process that no longer runs is taken over.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const path = dataFolderLockPath(dataDir);

  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, "wx");
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }

    const holderPid = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (Number.isInteger(holderPid) && holderPid > 0 && isRunning(holderPid)) {
      throw new DataFolderInUseError(dataDir, holderPid);
    }
    await rm(path, { force: true });
  }
  throw new Error(`Could not lock the data folder ${dataDir}: another process took it at the same moment. Try again.`);
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "EEXIST";
}

function isRunning(pid: number): boolean {
  try {
    // Signal 0 checks that the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
