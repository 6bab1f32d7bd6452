import { DomainError, idSchema } from "@crm/domain";
import { z } from "zod";

import { getImportJob, importRequestSchema, previewFileImport, startImportJob } from "../services/imports";
import { protectedProcedure, router } from "../trpc";

/** Imports of contacts (vCard, CSV) and meetings (iCalendar) from a file staged through `POST /files`. */
export const importsRouter = router({
  /** Shows what importing the file would do, writing nothing. */
  preview: protectedProcedure
    .input(importRequestSchema)
    .query(({ ctx, input }) => previewFileImport(ctx.services, ctx.actor, input)),

  /** Starts the import in the background and returns its job id for `imports.status`. */
  start: protectedProcedure
    .input(importRequestSchema)
    .mutation(({ ctx, input }) => startImportJob(ctx.services, ctx.actor, input)),

  /** Returns the job's status, progress and, once done, its report. */
  status: protectedProcedure.input(z.object({ jobId: idSchema })).query(async ({ ctx, input }) => {
    const job = await getImportJob(ctx.services, ctx.actor, input.jobId);
    if (job === null) {
      throw new DomainError("NOT_FOUND", `jobId: no import job ${input.jobId} in this workspace`, {
        jobId: ["not found in this workspace"],
      });
    }
    return job;
  }),
});
