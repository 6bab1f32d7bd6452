import { importJobs, type ImportJobRow, type ImportJobStatus } from "@crm/db";
import { DomainError, idSchema, isId } from "@crm/domain";
import { and, eq, inArray, lt, notInArray } from "drizzle-orm";
import { z } from "zod";

import type { Actor, ServiceContext } from "../../context";
import { ImportFileError } from "../../import";
import { readFile } from "../files";
import { importFile, type ImportFileInput } from "./import-file";
import { detectImportFormat, importFormatSchema, importOptionsSchema, importRange } from "./import-options";
import { importReportSchema, type ImportReport } from "./import-report";
import { previewImport, type ImportPreview } from "./preview-import";

/** An import of a file staged through `POST /files`. */
export const importRequestSchema = z.object({
  fileId: idSchema,
  /** Read from the filename extension, the content type or the first line when left out. */
  format: importFormatSchema.optional(),
  options: importOptionsSchema.optional(),
});

export type ImportRequest = z.input<typeof importRequestSchema>;

/** An import job as its status reports it. */
export interface ImportJob {
  readonly id: string;
  readonly status: ImportJobStatus;
  readonly format: string | null;
  readonly filename: string | null;
  readonly processed: number;
  /** Null until the file is parsed. */
  readonly total: number | null;
  /** Set once the job is done. */
  readonly report: ImportReport | null;
  /** Reason the job failed, set once it has. */
  readonly error: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** The error of a job whose server process stopped before the job finished. */
export const ABANDONED_IMPORT_JOB_ERROR = "The server stopped before the import finished; start it again.";

/**
 * Jobs that this process is running, by job id, so that tests and a graceful
 * shutdown can wait for them and `failAbandonedImportJobs` leaves them alone.
 */
const runningJobs = new Map<string, Promise<void>>();

/** Shows what importing a staged file would do, writing nothing. A rejected file is a BAD_REQUEST. */
export async function previewFileImport(
  services: ServiceContext,
  actor: Actor,
  request: ImportRequest,
): Promise<ImportPreview> {
  const input = await loadImportInput(services, actor, request);
  try {
    return await previewImport(services, actor, input);
  } catch (error) {
    throw asRejection(error);
  }
}

/**
 * Queues the import of a staged file and runs it in the background of this
 * process, keeping its progress in `import_jobs` so that any server process
 * can report it through `getImportJob`. Returns the job id at once. A file
 * that is missing or belongs to another workspace is NOT_FOUND.
 */
export async function startImportJob(
  services: ServiceContext,
  actor: Actor,
  request: ImportRequest,
): Promise<{ readonly jobId: string }> {
  const input = await loadImportInput(services, actor, request);
  // Checked here as well, so that an invalid range is rejected before a job exists.
  importRange(request.options ?? {}, services.now());
  const jobId = services.newId();
  const now = services.now();
  await services.db.insert(importJobs).values({
    id: jobId,
    workspaceId: actor.workspaceId,
    userId: actor.userId,
    status: "queued",
    format: input.format,
    filename: input.filename,
    createdAt: now,
    updatedAt: now,
  });

  const run = runImportJob(services, actor, jobId, input).finally(() => runningJobs.delete(jobId));
  runningJobs.set(jobId, run);
  return { jobId };
}

/** Returns an import job of the actor's workspace, or null for a missing, foreign or malformed id. */
export async function getImportJob(services: ServiceContext, actor: Actor, jobId: string): Promise<ImportJob | null> {
  if (!isId(jobId)) return null;
  const [row] = await services.db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.workspaceId, actor.workspaceId), eq(importJobs.id, jobId)));
  return row ? toImportJob(row) : null;
}

/** Resolves once every import job that this process started has finished. */
export async function waitForImportJobs(): Promise<void> {
  while (runningJobs.size > 0) await Promise.allSettled([...runningJobs.values()]);
}

/**
 * Marks as failed, with ABANDONED_IMPORT_JOB_ERROR, the queued and running jobs
 * of every workspace that no process runs anymore: those that this process is
 * not running and that were last updated before `updatedBefore`. A running job
 * updates its row at least every PROGRESS_INTERVAL records, so a server that
 * shares its database with others passes a cutoff well in the past, and one
 * that is alone on its database passes the time it started. Returns how many
 * jobs it marked.
 */
export async function failAbandonedImportJobs(services: ServiceContext, updatedBefore: Date): Promise<number> {
  const now = services.now();
  const failed = await services.db
    .update(importJobs)
    .set({ status: "failed", error: ABANDONED_IMPORT_JOB_ERROR, finishedAt: now, updatedAt: now })
    .where(
      and(
        inArray(importJobs.status, ["queued", "running"]),
        lt(importJobs.updatedAt, updatedBefore),
        runningJobs.size === 0 ? undefined : notInArray(importJobs.id, [...runningJobs.keys()]),
      ),
    )
    .returning({ id: importJobs.id });
  return failed.length;
}

async function runImportJob(
  services: ServiceContext,
  actor: Actor,
  jobId: string,
  input: ImportFileInput & { readonly filename: string },
): Promise<void> {
  const log = services.logger.child({ workspaceId: actor.workspaceId, userId: actor.userId, jobId });
  const setJob = (values: Partial<typeof importJobs.$inferInsert>) =>
    services.db
      .update(importJobs)
      .set({ ...values, updatedAt: services.now() })
      .where(eq(importJobs.id, jobId));

  try {
    await setJob({ status: "running", startedAt: services.now() });
    const report = await importFile(services, actor, input, async ({ processed, total }) => {
      await setJob({ processed, total });
    });
    await setJob({ status: "done", report, finishedAt: services.now() });
  } catch (error) {
    const rejection = asRejection(error);
    let message = "the import failed on the server: try again, or ask an administrator to check the server log";
    if (rejection instanceof DomainError) {
      message = rejection.message;
      log.info({ reason: message }, "import job rejected the file");
    } else {
      log.error({ err: error }, "import job failed");
    }
    try {
      await setJob({ status: "failed", error: message, finishedAt: services.now() });
    } catch (updateError) {
      log.error({ err: updateError }, "recording the failed import job failed");
    }
  }
}

async function loadImportInput(
  services: ServiceContext,
  actor: Actor,
  request: ImportRequest,
): Promise<ImportFileInput & { readonly filename: string }> {
  const stored = await readFile(services, actor, request.fileId);
  if (stored === null) {
    throw new DomainError("NOT_FOUND", `fileId: no uploaded file ${request.fileId} in this workspace; upload the file again`, {
      fileId: ["not found in this workspace; upload the file again"],
    });
  }
  const format = detectImportFormat({
    filename: stored.file.filename,
    contentType: stored.file.contentType,
    content: stored.data,
    format: request.format,
  });
  return {
    format,
    content: stored.data,
    filename: stored.file.filename,
    ...(request.options === undefined ? {} : { options: request.options }),
  };
}

/** Turns a file the parser rejected into a BAD_REQUEST that names the file's problem. */
function asRejection(error: unknown): unknown {
  if (error instanceof ImportFileError) {
    return new DomainError("BAD_REQUEST", error.message, { fileId: [error.message] });
  }
  return error;
}

function toImportJob(row: ImportJobRow): ImportJob {
  const report = row.report === null ? null : importReportSchema.safeParse(row.report);
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    filename: row.filename,
    processed: row.processed,
    total: row.total,
    report: report?.success ? report.data : null,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
