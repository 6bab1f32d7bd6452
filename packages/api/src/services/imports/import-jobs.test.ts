import { importJobs, type ImportJobStatus } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";

import { fixtureBytes } from "../../../test/fixtures/import/read-fixture";
import { createTestServices, createTestWorkspace, type TestServices, type TestWorkspace } from "../../../test/harness";
import { stageFile } from "../files";
import {
  ABANDONED_IMPORT_JOB_ERROR,
  failAbandonedImportJobs,
  getImportJob,
  startImportJob,
  waitForImportJobs,
} from "./import-jobs";

const HOUR_MS = 60 * 60 * 1000;

async function insertJob(
  services: TestServices,
  workspace: TestWorkspace,
  status: ImportJobStatus,
  updatedAt: Date,
): Promise<string> {
  const id = services.newId();
  await services.db.insert(importJobs).values({
    id,
    workspaceId: workspace.workspaceId,
    userId: workspace.member.userId,
    status,
    format: "vcard",
    filename: "people.vcf",
    createdAt: updatedAt,
    updatedAt,
  });
  return id;
}

async function jobRow(services: TestServices, id: string) {
  const [row] = await services.db.select().from(importJobs).where(eq(importJobs.id, id));
  return row;
}

describeEachDatabase("failAbandonedImportJobs", (getHandle) => {
  test("running job marked failed", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const cutoff = new Date();
    const id = await insertJob(services, workspace, "running", new Date(cutoff.getTime() - HOUR_MS));

    await failAbandonedImportJobs(services, cutoff);

    const job = await getImportJob(services, workspace.member, id);
    expect(job?.status).toBe("failed");
    expect(job?.error).toBe(ABANDONED_IMPORT_JOB_ERROR);
    expect(job?.finishedAt).toBeInstanceOf(Date);
  });

  test("queued job marked failed", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const cutoff = new Date();
    const id = await insertJob(services, workspace, "queued", new Date(cutoff.getTime() - HOUR_MS));

    const marked = await failAbandonedImportJobs(services, cutoff);

    expect(marked).toBe(1);
    expect((await jobRow(services, id))?.status).toBe("failed");
  });

  test("finished jobs kept", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const cutoff = new Date();
    const done = await insertJob(services, workspace, "done", new Date(cutoff.getTime() - HOUR_MS));
    const failed = await insertJob(services, workspace, "failed", new Date(cutoff.getTime() - HOUR_MS));

    const marked = await failAbandonedImportJobs(services, cutoff);

    expect(marked).toBe(0);
    expect((await jobRow(services, done))?.status).toBe("done");
    expect((await jobRow(services, failed))?.error).toBeNull();
  });

  test("job updated after cutoff kept", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const cutoff = new Date(Date.now() - HOUR_MS);
    const id = await insertJob(services, workspace, "running", new Date());

    const marked = await failAbandonedImportJobs(services, cutoff);

    expect(marked).toBe(0);
    expect((await jobRow(services, id))?.status).toBe("running");
  });

  test("job of this process kept", async () => {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const file = await stageFile(services, workspace.member, {
      filename: "people.vcf",
      contentType: "text/vcard",
      data: fixtureBytes("contacts-v4.vcf"),
    });
    const { jobId } = await startImportJob(services, workspace.member, { fileId: file.id });

    const marked = await failAbandonedImportJobs(services, new Date(Date.now() + HOUR_MS));
    await waitForImportJobs();

    expect(marked).toBe(0);
    expect((await jobRow(services, jobId))?.status).toBe("done");
  });
});
