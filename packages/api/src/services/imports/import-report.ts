import { z } from "zod";

import type { ImportIssue } from "../../import";
import { importFormatSchema } from "./import-options";

const countsSchema = z.object({
  contacts: z.int().min(0),
  companies: z.int().min(0),
  memberships: z.int().min(0),
  interactions: z.int().min(0),
});

/**
 * Report of a finished import. `created` and `updated` count rows. `unchanged`
 * counts records that matched what the workspace already had. `skipped`
 * counts calendar events left out on purpose, and `issues` lists each record
 * that was not imported, or was imported with a value left out, by its
 * position in the file.
 */
export const importReportSchema = z.object({
  format: importFormatSchema,
  created: countsSchema,
  updated: countsSchema,
  unchanged: z.int().min(0),
  skipped: z.object({
    cancelled: z.int().min(0),
    outOfRange: z.int().min(0),
    future: z.int().min(0),
  }),
  issues: z.array(z.object({ position: z.int(), reason: z.string() })),
});

export type ImportReport = z.infer<typeof importReportSchema>;
export type ImportCounts = z.infer<typeof countsSchema>;

/** One record's share of the report, added to it only once the record has committed. */
export interface RecordTally {
  readonly created: ImportCounts;
  readonly updated: ImportCounts;
  /** True when the record matched existing rows and changed none of them. */
  unchanged: boolean;
  readonly issues: ImportIssue[];
}

export function emptyCounts(): ImportCounts {
  return { contacts: 0, companies: 0, memberships: 0, interactions: 0 };
}

export function emptyTally(): RecordTally {
  return { created: emptyCounts(), updated: emptyCounts(), unchanged: false, issues: [] };
}

export function emptyReport(format: ImportReport["format"]): ImportReport {
  return {
    format,
    created: emptyCounts(),
    updated: emptyCounts(),
    unchanged: 0,
    skipped: { cancelled: 0, outOfRange: 0, future: 0 },
    issues: [],
  };
}

/** Adds a committed record's tally to the report. */
export function addTally(report: ImportReport, tally: RecordTally): void {
  for (const key of Object.keys(tally.created) as (keyof ImportCounts)[]) {
    report.created[key] += tally.created[key];
    report.updated[key] += tally.updated[key];
  }
  if (tally.unchanged) report.unchanged += 1;
  report.issues.push(...tally.issues);
}
