import { setImmediate as yieldToEventLoop } from "node:timers/promises";

import type { Actor, ServiceContext } from "../../context";
import type { ImportIssue } from "../../import";
import { planContactRecord, type ContactPlan } from "./contact-records";
import { planEventRecord, type EventPersonMatch, type EventPlan } from "./event-records";
import type { ImportFileInput } from "./import-file";
import { parseImport, recordLabel } from "./parse-import";

/** How many records a preview shows. */
export const PREVIEW_RECORD_COUNT = 20;

/** Maximum planning time before the event loop gets a turn, as in `importFile`. */
const EVENT_LOOP_BREAK_MS = 50;

/** A contact record as it would import: a new contact or the one it matched. */
export interface ContactPreview {
  readonly kind: "contact";
  readonly position: number;
  readonly action: "new" | "matched";
  readonly contactId: string | null;
  readonly name: string;
  readonly email: string | null;
  readonly company: { readonly name: string; readonly action: "new" | "matched" } | null;
  readonly notes: readonly string[];
}

/** One event, or one occurrence, as it would import: a new interaction, an earlier import, or skipped. */
export interface EventPreview {
  readonly kind: "event";
  readonly position: number;
  readonly action: "new" | "matched" | "skipped";
  /** For a matched event: whether importing updates its interaction. */
  readonly changed: boolean;
  readonly uid: string;
  readonly recurrenceId: string | null;
  readonly occurredAt: Date;
  readonly timeZone: string | null;
  readonly subject: string | null;
  readonly contact: { readonly name: string; readonly action: "new" | "matched" } | null;
  readonly parties: readonly { readonly name: string; readonly kind: EventPersonMatch["kind"] }[];
  readonly notes: readonly string[];
}

export type RecordPreview = ContactPreview | EventPreview;

export interface ImportPreview {
  readonly format: ImportFileInput["format"];
  readonly counts: {
    /** Records read from the file: contacts, or events and occurrences in the range that have started. */
    readonly inFile: number;
    /** Records that would be imported: those read, less the events that would be skipped. */
    readonly records: number;
    readonly issues: number;
    readonly cancelled: number;
    readonly outOfRange: number;
    readonly future: number;
  };
  /** The first records, in file order for contacts and in order of start for events. */
  readonly records: readonly RecordPreview[];
  /**
   * The issues the import would report: records the parser skipped or read with a
   * value left out, notes on planned events, and events skipped without a subject contact.
   */
  readonly issues: readonly ImportIssue[];
}

/**
 * Shows what importing a file would do without writing anything: the counts,
 * the first PREVIEW_RECORD_COUNT records matched against the workspace, and
 * the issues. Every event is planned, so the counts and issues are those the
 * import reports. Each record is matched on its own, so two new records
 * naming one new company both show it as new. Throws like `importFile` for
 * invalid options and a file that cannot be imported.
 */
export async function previewImport(
  services: ServiceContext,
  actor: Actor,
  input: ImportFileInput,
): Promise<ImportPreview> {
  const { parsed, settings } = parseImport(input.format, input.content, input.options, services.now());
  const records: RecordPreview[] = [];
  const issues: ImportIssue[] = [...parsed.issues];
  let skippedEvents = 0;

  if (parsed.format === "icalendar") {
    // One issue for each event without a subject, however many of its occurrences are skipped, as the import reports.
    const noSubject = new Map<number, { reason: string; occurrences: number }>();
    let lastBreak = Date.now();
    for (const event of parsed.events) {
      const label = recordLabel(parsed.format, event.position, event.recurrenceId);
      const plan = await planEventRecord(services.db, actor.workspaceId, event, label, settings);
      if (records.length < PREVIEW_RECORD_COUNT) records.push(eventPreview(plan));
      issues.push(...plan.notes.map((reason) => ({ position: plan.position, reason })));
      if (plan.noSubjectReason !== undefined) {
        skippedEvents += 1;
        const entry = noSubject.get(plan.position) ?? { reason: plan.noSubjectReason, occurrences: 0 };
        noSubject.set(plan.position, { ...entry, occurrences: entry.occurrences + 1 });
      }
      if (Date.now() - lastBreak >= EVENT_LOOP_BREAK_MS) {
        await yieldToEventLoop();
        lastBreak = Date.now();
      }
    }
    for (const [position, { reason, occurrences }] of noSubject) {
      const count = occurrences > 1 ? ` (${occurrences} occurrences)` : "";
      issues.push({ position, reason: `${recordLabel(parsed.format, position)}: ${reason}${count}` });
    }
    issues.sort((a, b) => a.position - b.position);
  } else {
    for (const contact of parsed.contacts.slice(0, PREVIEW_RECORD_COUNT)) {
      const label = recordLabel(parsed.format, contact.position);
      records.push(contactPreview(await planContactRecord(services.db, actor.workspaceId, contact, label)));
    }
  }

  const skipped = parsed.format === "icalendar" ? parsed.skipped : { cancelled: 0, outOfRange: 0, future: 0 };
  const inFile = parsed.format === "icalendar" ? parsed.events.length : parsed.contacts.length;
  return {
    format: parsed.format,
    counts: { inFile, records: inFile - skippedEvents, issues: issues.length, ...skipped },
    records,
    issues,
  };
}

function contactPreview(plan: ContactPlan): ContactPreview {
  return {
    kind: "contact",
    position: plan.position,
    action: plan.contact.action === "create" ? "new" : "matched",
    contactId: plan.contact.action === "create" ? null : plan.contact.contactId,
    name: plan.name,
    email: plan.email,
    company:
      plan.company === null
        ? null
        : { name: plan.company.name, action: plan.company.action === "create" ? "new" : "matched" },
    notes: plan.notes,
  };
}

function eventPreview(plan: EventPlan): EventPreview {
  let action: EventPreview["action"] = "matched";
  if (plan.action === "create") action = "new";
  else if (plan.action === "noSubject") action = "skipped";
  const contact =
    plan.subject === null
      ? null
      : plan.subject.kind === "contact"
        ? { name: plan.subject.rawName, action: "matched" as const }
        : { name: plan.subject.name, action: "new" as const };
  return {
    kind: "event",
    position: plan.position,
    action,
    changed: plan.action === "update",
    uid: plan.uid,
    recurrenceId: plan.recurrenceId,
    occurredAt: plan.fields.occurredAt,
    timeZone: plan.fields.timeZone,
    subject: plan.fields.subject,
    contact: action === "new" ? contact : null,
    parties: plan.parties.map((party) => ({ name: party.kind === "newContact" ? party.name : party.rawName, kind: party.kind })),
    notes: plan.noSubjectReason === undefined ? plan.notes : [...plan.notes, plan.noSubjectReason],
  };
}
