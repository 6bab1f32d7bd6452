import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createDatabase, migrate, users, workspaces } from "@crm/db";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, runCli } from "./cli";

const VCARDS = [
  "BEGIN:VCARD",
  "VERSION:4.0",
  "FN:Zoë Ångström",
  "EMAIL:zoe@nordlys.example",
  "ORG:Nordlys AB;Research",
  "TITLE:Principal Engineer",
  "END:VCARD",
  "BEGIN:VCARD",
  "VERSION:4.0",
  "FN:Bruce Lee",
  "EMAIL:bruce@golden-harvest.example",
  "END:VCARD",
  "",
].join("\r\n");

let folder: string;
let env: NodeJS.ProcessEnv;
let workspaceId: string;

/** Runs the command and collects what it writes. */
async function run(args: readonly string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, env, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe("import command", () => {
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "crm-cli-"));
    env = { CRM_DATA_DIR: join(folder, "data"), LOG_LEVEL: "silent" };
    await writeFile(join(folder, "people.vcf"), VCARDS);
    await writeFile(join(folder, "page.ics"), "<!DOCTYPE html>\n<html><body>Sign in</body></html>\n");

    const handle = await createDatabase({ dataDir: join(folder, "data") });
    await migrate(handle);
    workspaceId = uuidv7();
    await handle.db.insert(workspaces).values({ id: workspaceId, name: "Acme" });
    await handle.db.insert(users).values({
      id: uuidv7(),
      workspaceId,
      email: "ada@example.com",
      name: "Ada Admin",
      passwordHash: "unused",
      role: "admin",
    });
    await handle.close();
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test("prints the JSON report", async () => {
    const result = await run(["import", join(folder, "people.vcf"), "--workspace", "Acme", "--json"]);

    expect(result.code).toBe(EXIT_OK);
    const report = JSON.parse(result.stdout) as { created: unknown; format: string };
    expect(report.format).toBe("vcard");
    expect(report.created).toEqual({ contacts: 2, companies: 1, memberships: 1, interactions: 0 });
    expect(result.stderr).toContain("Processed 2 of 2 records");
  });

  test("rejects a data folder a server holds", async () => {
    const server = await createDatabase({ dataDir: join(folder, "data") });
    try {
      const result = await run(["import", join(folder, "people.vcf"), "--workspace", "Acme"]);

      expect(result.code).toBe(EXIT_REJECTED);
      expect(result.stderr).toMatch(/Nothing was imported\. The data folder .* is in use by process \d+/);
    } finally {
      await server.close();
    }
  });

  test("prints a readable report", async () => {
    const result = await run(["import", join(folder, "people.vcf"), "--workspace", workspaceId, "--user", "ADA@example.com"]);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain("Imported people.vcf (vcard):");
    expect(result.stdout).toContain("unchanged: 2 records");
  });

  test("rejected file exits 1", async () => {
    const result = await run(["import", join(folder, "page.ics"), "--workspace", "Acme"]);

    expect(result.code).toBe(EXIT_REJECTED);
    expect(result.stderr).toContain("Not a valid iCalendar (.ics) file");
  });

  test("missing workspace exits 2", async () => {
    const result = await run(["import", join(folder, "people.vcf")]);

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("Missing --workspace");
  });

  test("unknown workspace exits 2", async () => {
    const result = await run(["import", join(folder, "people.vcf"), "--workspace", "Nowhere"]);

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('No workspace with the id or name "Nowhere"');
  });

  test("bad option values exit 2", async () => {
    const format = await run(["import", join(folder, "people.vcf"), "--workspace", "Acme", "--format", "xls"]);
    const date = await run(["import", join(folder, "people.vcf"), "--workspace", "Acme", "--from", "soon"]);
    const unknown = await run(["import", join(folder, "people.vcf"), "--workspace", "Acme", "--dry-run"]);

    expect(format.code).toBe(EXIT_USAGE);
    expect(date.code).toBe(EXIT_USAGE);
    expect(unknown.code).toBe(EXIT_USAGE);
  });
});
