import { setImmediate as yieldToEventLoop } from "node:timers/promises";

import { DomainError } from "@crm/domain";
import { ZodError } from "zod";

import type { Actor, ServiceContext } from "../../context";
import type { ImportedContact, ImportedEvent, ImportFormat, ImportInput } from "../../import";
import { applyContactPlan, planContactRecord } from "./contact-records";
import { applyEventPlan, planEventRecord, type EventPlanSettings } from "./event-records";
import type { ImportOptions } from "./import-options";
import { addTally, emptyReport, emptyTally, type ImportReport } from "./import-report";
import { parseImport, recordLabel } from "./parse-import";
import { runRecordTransaction } from "./record-transaction";

export interface ImportFileInput {
  readonly format: ImportFormat;
  /** The file's bytes, or its text. */
  readonly content: ImportInput;
  readonly options?: ImportOptions;
}

export interface ImportProgress {
  readonly processed: number;
  readonly total: number;
}

export type ProgressListener = (progress: ImportProgress) => void | Promise<void>;

/** Progress is reported after this many records, and once more at the end. */
export const PROGRESS_INTERVAL = 100;

/** How long an import runs before it lets the server handle other requests. */
const EVENT_LOOP_BREAK_MS = 50;

/**
 * Imports a vCard, CSV or iCalendar file into the actor's workspace:
 * contacts with their companies and memberships, or calendar events as
 * meeting interactions. The whole file is parsed first, so a file that is not
 * what its format claims (`ImportFileError`) is rejected before anything is
 * written. Then each record is imported in its own transaction through the
 * services: a record that fails is reported with its position and reason and
 * the others still import, and every committed record notifies open clients.
 * Importing the same file again creates nothing: contacts are found by email
 * and events by UID and RECURRENCE-ID.
 */
export async function importFile(
  services: ServiceContext,
  actor: Actor,
  input: ImportFileInput,
  onProgress?: ProgressListener,
): Promise<ImportReport> {
  // 1. Check the options and parse the whole file before writing anything.
  const { parsed, settings } = parseImport(input.format, input.content, input.options, services.now());
  const report = emptyReport(parsed.format);
  report.issues.push(...parsed.issues);
  if (parsed.format === "icalendar") report.skipped = { ...parsed.skipped };

  const log = services.logger.child({ workspaceId: actor.workspaceId, userId: actor.userId, format: parsed.format });
  const records: readonly (ImportedContact | ImportedEvent)[] =
    parsed.format === "icalendar" ? parsed.events : parsed.contacts;
  const total = records.length;
  log.info({ records: total }, "import started");
  await onProgress?.({ processed: 0, total });

  // 2. Import each record in its own transaction.
  const eventSettings: EventPlanSettings = { createContacts: settings.createContacts };
  const noSubject = new Map<number, { reason: string; occurrences: number }>();
  let processed = 0;
  let lastBreak = Date.now();
  for (const record of records) {
    const label =
      "uid" in record
        ? recordLabel(parsed.format, record.position, record.recurrenceId)
        : recordLabel(parsed.format, record.position);
    try {
      const outcome = await runRecordTransaction(services, async (recordServices, tx) => {
        const tally = emptyTally();
        if (!("uid" in record)) {
          const plan = await planContactRecord(tx, actor.workspaceId, record, label);
          await applyContactPlan(recordServices, actor, plan, tally);
          return { tally, noSubjectReason: undefined };
        }
        const plan = await planEventRecord(tx, actor.workspaceId, record, label, eventSettings);
        await applyEventPlan(recordServices, tx, actor, plan, tally);
        return { tally, noSubjectReason: plan.noSubjectReason };
      });

      addTally(report, outcome.tally);
      if (outcome.noSubjectReason !== undefined) {
        const entry = noSubject.get(record.position) ?? { reason: outcome.noSubjectReason, occurrences: 0 };
        noSubject.set(record.position, { ...entry, occurrences: entry.occurrences + 1 });
      }
    } catch (error) {
      report.issues.push({ position: record.position, reason: `${label}: ${failureReason(error, log, record.position)}` });
    }

    processed += 1;
    if (processed % PROGRESS_INTERVAL === 0 || processed === total) await onProgress?.({ processed, total });
    // PGlite runs in this thread and settles its queries as microtasks, so without these breaks an
    // import would hold the event loop, and with it every request (its own status too), until it ends.
    if (Date.now() - lastBreak >= EVENT_LOOP_BREAK_MS) {
      await yieldToEventLoop();
      lastBreak = Date.now();
    }
  }

  // 3. One issue for each event without a subject, however many of its occurrences were skipped.
  for (const [position, { reason, occurrences }] of noSubject) {
    const count = occurrences > 1 ? ` (${occurrences} occurrences)` : "";
    report.issues.push({ position, reason: `${recordLabel(parsed.format, position)}: ${reason}${count}` });
  }
  report.issues.sort((a, b) => a.position - b.position);

  log.info(
    { created: report.created, updated: report.updated, unchanged: report.unchanged, issues: report.issues.length },
    "import finished",
  );
  return report;
}

/** Says why a record was not imported. An unexpected error is logged, because only its message reaches the report. */
function failureReason(error: unknown, log: ServiceContext["logger"], position: number): string {
  if (error instanceof DomainError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(([path, messages]) => `${path} ${messages.join(", ")}`);
    return `not imported: ${fields.length > 0 ? fields.join("; ") : error.message}`;
  }
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => `${issue.path.map(String).join(".") || "record"} ${issue.message}`);
    return `not imported: ${fields.join("; ")}`;
  }

  log.error({ err: error, position }, "import of a record failed");
  const message = error instanceof Error ? error.message : String(error);
  return `not imported because saving it failed (${message}); import the file again to retry`;
}
