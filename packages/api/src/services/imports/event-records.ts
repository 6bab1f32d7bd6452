import { createHash } from "node:crypto";

import { contacts, importEventLinks, staffPersons, users, type Executor, type Transaction } from "@crm/db";
import { BODY_MAX, SUBJECT_MAX, contactCreateInputSchema, type JsonObject, type PartyInput } from "@crm/domain";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";

import type { Actor, ServiceContext } from "../../context";
import type { EventPerson, ImportedEvent } from "../../import";
import { createContact } from "../contacts";
import { createInteraction, updateInteraction } from "../interactions";
import type { RecordTally } from "./import-report";

/** Match of an attendee or the organizer of an event: the reference that its interaction records. */
export type EventPersonMatch =
  | { readonly kind: "contact"; readonly contactId: string; readonly rawName: string }
  | { readonly kind: "staff"; readonly staffPersonId: string; readonly rawName: string }
  /** An attendee whose address matches no contact, staff person or user, to be created as a contact. */
  | { readonly kind: "newContact"; readonly name: string; readonly email: string }
  | { readonly kind: "freeText"; readonly rawName: string };

export type EventSubject = Extract<EventPersonMatch, { kind: "contact" | "newContact" }>;

/** The interaction fields an event imports into. */
export interface EventFields {
  readonly occurredAt: Date;
  readonly timeZone: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly metadata: JsonObject;
}

/**
 * The outcome planned for one event (or one occurrence of a series):
 * - `create`: a new interaction, with `subject` as its subject contact;
 * - `update`: the event changed since it was imported, so its interaction is updated;
 * - `refresh`: only its SEQUENCE or LAST-MODIFIED rose, so only the link is updated;
 * - `unchanged`: imported before and unchanged, or the earlier import was of a newer version;
 * - `noSubject`: a new event without anyone who can be its subject contact, which is reported.
 */
export interface EventPlan {
  readonly position: number;
  readonly uid: string;
  readonly recurrenceId: string | null;
  readonly action: "create" | "update" | "refresh" | "unchanged" | "noSubject";
  readonly fields: EventFields;
  readonly subject: EventSubject | null;
  /** Everyone else who took part: the parties of a new interaction, or all people for an update. */
  readonly parties: readonly EventPersonMatch[];
  readonly link: { readonly id: string; readonly interactionId: string } | null;
  readonly sequence: number;
  readonly lastModified: Date | null;
  readonly fingerprint: string;
  /** Reason that the event has no subject, for `noSubject`. */
  readonly noSubjectReason?: string;
  readonly notes: readonly string[];
}

export interface EventPlanSettings {
  /** Create contacts for attendees whose address matches no contact, staff person or user. */
  readonly createContacts: boolean;
}

/**
 * Plans how an event imports, reading through `executor`.
 * 1. The interaction fields: start, zone, SUMMARY, and DESCRIPTION with a location line.
 * 2. The people: the organizer, then the attendees who did not decline. Each is matched
 *    by email, ignoring case, to a staff person, else a user of the workspace, else a
 *    contact. Anyone else stays free text or, with `createContacts`, becomes a new contact.
 * 3. The subject is the first person who is a contact (existing or new). The rest are parties.
 * 4. The link of an earlier import of the same UID and RECURRENCE-ID turns the create
 *    into an update when the event changed, and into nothing when it did not.
 */
export async function planEventRecord(
  executor: Executor,
  workspaceId: string,
  event: ImportedEvent,
  label: string,
  settings: EventPlanSettings,
): Promise<EventPlan> {
  const notes: string[] = [];

  // 1. The interaction fields.
  const fields = eventFields(event, label, notes);

  // 2. The people.
  const people = peopleOf(event);
  const matches = await matchPeople(executor, workspaceId, people, settings);

  // 3. The subject and the parties.
  const subjectIndex = matches.findIndex((match) => match.kind === "contact" || match.kind === "newContact");
  const subject = subjectIndex === -1 ? null : (matches[subjectIndex] as EventSubject);
  const parties = matches.filter((_, index) => index !== subjectIndex);

  // 4. The earlier import, if any.
  const fingerprint = fingerprintOf(fields, people);
  const link = await findLink(executor, workspaceId, event.uid, event.recurrenceId);
  const base = {
    position: event.position,
    uid: event.uid,
    recurrenceId: event.recurrenceId,
    fields,
    subject,
    parties,
    sequence: event.sequence,
    lastModified: event.lastModified,
    fingerprint,
    notes,
  };

  if (link === undefined) {
    if (subject !== null) return { ...base, action: "create", link: null };
    return { ...base, action: "noSubject", link: null, noSubjectReason: noSubjectReason(people, settings) };
  }

  const linkRef = { id: link.id, interactionId: link.interactionId };
  if (isOlderThan(event, link)) {
    notes.push(
      `${label}: the CRM already has a newer version of this event (SEQUENCE ${link.sequence}): kept it`,
    );
    return { ...base, action: "unchanged", link: linkRef };
  }
  // An update lists everybody: the interaction keeps its subject, and the service drops
  // the subject from its own parties.
  const everybody = matches;
  if (fingerprint !== link.fingerprint) return { ...base, parties: everybody, action: "update", link: linkRef };
  const newer =
    event.sequence > link.sequence ||
    (event.lastModified !== null && (link.lastModified === null || event.lastModified > link.lastModified));
  return { ...base, parties: everybody, action: newer ? "refresh" : "unchanged", link: linkRef };
}

/**
 * Writes a planned event through the contact and interaction services and
 * keeps its link up to date. Pass services whose database is the record's
 * transaction, and that transaction as `tx`.
 */
export async function applyEventPlan(
  services: ServiceContext,
  tx: Transaction,
  actor: Actor,
  plan: EventPlan,
  tally: RecordTally,
): Promise<void> {
  tally.issues.push(...plan.notes.map((reason) => ({ position: plan.position, reason })));
  if (plan.action === "noSubject") return;
  if (plan.action === "unchanged" || plan.action === "refresh") {
    if (plan.action === "refresh" && plan.link) await updateLink(services, tx, plan.link.id, plan);
    tally.unchanged = true;
    return;
  }

  const resolve = async (match: EventPersonMatch): Promise<PartyInput> => {
    if (match.kind === "contact") return { rawName: match.rawName, contactId: match.contactId };
    if (match.kind === "staff") return { rawName: match.rawName, staffPersonId: match.staffPersonId };
    if (match.kind === "freeText") return { rawName: match.rawName };
    const created = await createContact(services, actor, contactCreateInputSchema.parse({ name: match.name, email: match.email }));
    tally.created.contacts += 1;
    return { rawName: created.name, contactId: created.id };
  };
  const parties: PartyInput[] = [];
  const subject = plan.subject === null ? null : await resolve(plan.subject);
  for (const match of plan.parties) parties.push(await resolve(match));

  if (plan.action === "update" && plan.link) {
    await updateInteraction(services, actor, { id: plan.link.interactionId, changes: plan.fields, parties });
    await updateLink(services, tx, plan.link.id, plan);
    tally.updated.interactions += 1;
    return;
  }

  if (subject?.contactId === undefined || subject.contactId === null) {
    throw new Error(`Event ${plan.position} was planned for creation without a subject contact.`);
  }
  const interaction = await createInteraction(services, actor, {
    interaction: { contactId: subject.contactId, type: "meeting", ...plan.fields },
    parties,
  });
  const now = services.now();
  await tx.insert(importEventLinks).values({
    id: services.newId(),
    workspaceId: actor.workspaceId,
    uid: plan.uid,
    recurrenceId: plan.recurrenceId,
    interactionId: interaction.id,
    sequence: plan.sequence,
    lastModified: plan.lastModified,
    fingerprint: plan.fingerprint,
    createdAt: now,
    updatedAt: now,
  });
  tally.created.interactions += 1;
}

/** Returns the interaction fields of an event, cut to an interaction's limits with a note when too long. */
function eventFields(event: ImportedEvent, label: string, notes: string[]): EventFields {
  let subject = event.summary;
  if (subject !== null && subject.length > SUBJECT_MAX) {
    notes.push(`${label}: SUMMARY is longer than ${SUBJECT_MAX} characters: cut it to ${SUBJECT_MAX}`);
    subject = subject.slice(0, SUBJECT_MAX).trim();
  }

  const parts = [event.description, event.location === null ? null : `Location: ${event.location}`];
  let body: string | null = parts.filter((part) => part !== null).join("\n\n") || null;
  if (body !== null && body.length > BODY_MAX) {
    notes.push(`${label}: DESCRIPTION is longer than ${BODY_MAX} characters: cut it to ${BODY_MAX}`);
    body = body.slice(0, BODY_MAX);
  }

  return {
    occurredAt: event.start,
    timeZone: event.timeZone,
    subject,
    body,
    metadata: { source: "icalendar", uid: event.uid, recurrenceId: event.recurrenceId, sequence: event.sequence },
  };
}

/** Returns the organizer, then the attendees who did not decline, once each by address (or by name without one). */
function peopleOf(event: ImportedEvent): EventPerson[] {
  const candidates: EventPerson[] = [
    ...(event.organizer === null ? [] : [event.organizer]),
    ...event.attendees.filter((attendee) => attendee.partstat !== "DECLINED"),
  ];
  const seen = new Set<string>();
  const people: EventPerson[] = [];
  for (const person of candidates) {
    const key = person.email !== null ? `email:${person.email.toLowerCase()}` : `name:${person.name?.toLowerCase() ?? ""}`;
    if (key === "name:" || seen.has(key)) continue;
    seen.add(key);
    people.push({ email: person.email, name: person.name });
  }
  return people;
}

async function matchPeople(
  executor: Executor,
  workspaceId: string,
  people: readonly EventPerson[],
  settings: EventPlanSettings,
): Promise<EventPersonMatch[]> {
  const emails = [...new Set(people.flatMap((person) => (person.email === null ? [] : [person.email.toLowerCase()])))];
  const [staffRows, userRows, contactRows] =
    emails.length === 0
      ? [[], [], []]
      : await Promise.all([
          executor
            .select({ id: staffPersons.id, name: staffPersons.name, email: sql<string>`lower(${staffPersons.email})` })
            .from(staffPersons)
            .where(and(eq(staffPersons.workspaceId, workspaceId), inArray(sql`lower(${staffPersons.email})`, emails))),
          executor
            .select({ name: users.name, staffPersonId: users.staffPersonId, email: sql<string>`lower(${users.email})` })
            .from(users)
            .where(and(eq(users.workspaceId, workspaceId), inArray(sql`lower(${users.email})`, emails))),
          executor
            .select({ id: contacts.id, name: contacts.name, email: sql<string>`lower(${contacts.email})` })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, workspaceId), inArray(sql`lower(${contacts.email})`, emails))),
        ]);
  const staffByEmail = new Map(staffRows.map((row) => [row.email, row]));
  const userByEmail = new Map(userRows.map((row) => [row.email, row]));
  const contactByEmail = new Map(contactRows.map((row) => [row.email, row]));

  return people.map((person): EventPersonMatch => {
    const email = person.email?.toLowerCase();
    const displayName = person.name ?? person.email ?? "";
    if (email === undefined) return { kind: "freeText", rawName: displayName };

    const staff = staffByEmail.get(email);
    if (staff) return { kind: "staff", staffPersonId: staff.id, rawName: staff.name };
    const user = userByEmail.get(email);
    if (user?.staffPersonId) return { kind: "staff", staffPersonId: user.staffPersonId, rawName: user.name };
    if (user) return { kind: "freeText", rawName: user.name };
    const contact = contactByEmail.get(email);
    if (contact) return { kind: "contact", contactId: contact.id, rawName: contact.name };
    if (settings.createContacts && person.email !== null) {
      return { kind: "newContact", name: person.name ?? person.email, email: person.email };
    }
    return { kind: "freeText", rawName: displayName };
  });
}

function noSubjectReason(people: readonly EventPerson[], settings: EventPlanSettings): string {
  const addresses = people.flatMap((person) => (person.email === null ? [] : [person.email]));
  if (addresses.length === 0) {
    return "no organizer or attendee has an email address, so none can be matched to a contact: skipped the event";
  }
  const listed = addresses.slice(0, 5).join(", ") + (addresses.length > 5 ? ", …" : "");
  return settings.createContacts
    ? `every organizer and attendee (${listed}) is a staff person or user of this workspace, so none can be the subject contact: skipped the event`
    : `no organizer or attendee (${listed}) is a contact of this workspace: skipped the event; add the contact first, or import with "create contacts for unknown attendees" (the option on the Import page, --create-contacts in the CLI)`;
}

function fingerprintOf(fields: EventFields, people: readonly EventPerson[]): string {
  const values = [
    fields.occurredAt.toISOString(),
    fields.timeZone,
    fields.subject,
    fields.body,
    fields.metadata,
    people.map((person) => [person.email?.toLowerCase() ?? null, person.name]),
  ];
  return createHash("sha256").update(JSON.stringify(values)).digest("hex");
}

async function findLink(executor: Executor, workspaceId: string, uid: string, recurrenceId: string | null) {
  const [row] = await executor
    .select()
    .from(importEventLinks)
    .where(
      and(
        eq(importEventLinks.workspaceId, workspaceId),
        eq(importEventLinks.uid, uid),
        recurrenceId === null ? isNull(importEventLinks.recurrenceId) : eq(importEventLinks.recurrenceId, recurrenceId),
      ),
    );
  return row;
}

/** True when the import before had a later revision of the event: a higher SEQUENCE, or a later LAST-MODIFIED at the same one. */
function isOlderThan(
  event: ImportedEvent,
  link: { readonly sequence: number; readonly lastModified: Date | null },
): boolean {
  if (event.sequence !== link.sequence) return event.sequence < link.sequence;
  return event.lastModified !== null && link.lastModified !== null && event.lastModified < link.lastModified;
}

async function updateLink(services: ServiceContext, tx: Transaction, linkId: string, plan: EventPlan): Promise<void> {
  await tx
    .update(importEventLinks)
    .set({
      sequence: plan.sequence,
      lastModified: plan.lastModified,
      fingerprint: plan.fingerprint,
      updatedAt: services.now(),
    })
    .where(eq(importEventLinks.id, linkId));
}
