import { z } from "zod";

import { contactDisplayName, staffDisplayName } from "./display-name";
import {
  EMPLOYMENT_TYPES,
  type ContactSnapshot,
  type ContactStatus,
  type EmploymentType,
  type FreeTextSnapshot,
  type Snapshot,
  type StaffSnapshot,
  type StaffStatus,
} from "./entities";
import { selectPrimaryMembership } from "./memberships";

/** A contact as a snapshot needs it, with its memberships and their company names. */
export interface LookupContact {
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly status: ContactStatus;
  readonly memberships: readonly LookupMembership[];
}

export interface LookupMembership {
  readonly id: string;
  readonly companyId: string;
  readonly companyName: string | null;
  readonly roleInCompany: string | null;
  readonly department: string | null;
  readonly isPrimary: boolean;
  readonly position: number;
  readonly createdAt: Date;
}

export interface LookupStaffPerson {
  readonly id: string;
  readonly name: string | null;
  readonly jobTitle: string | null;
  readonly employmentType: EmploymentType | null;
  readonly status: StaffStatus;
}

/**
 * Reads contacts and staff within one workspace: the server implements it over
 * the database, the client over its replica. A record outside the workspace is
 * `undefined`. A trashed record is still returned: it exists and may be
 * referenced, so history logged about it stays resolvable.
 */
export interface SnapshotLookup {
  getContact(id: string): Promise<LookupContact | undefined>;
  getStaffPerson(id: string): Promise<LookupStaffPerson | undefined>;
}

/** Captures a contact as it is now: display name and its primary membership's company and role. */
export function buildContactSnapshot(contact: LookupContact, now: Date): ContactSnapshot {
  const primary = selectPrimaryMembership(contact.memberships);
  return {
    source: "contact",
    name: contactDisplayName(contact),
    ...present("companyId", primary?.companyId),
    ...present("company", primary?.companyName),
    ...present("roleInCompany", primary?.roleInCompany),
    ...present("department", primary?.department),
    capturedAt: formatCapturedAt(now),
  };
}

export function buildStaffSnapshot(staff: LookupStaffPerson, now: Date): StaffSnapshot {
  return {
    source: "staff",
    name: staffDisplayName(staff),
    ...present("jobTitle", staff.jobTitle),
    ...present("employmentType", staff.employmentType),
    capturedAt: formatCapturedAt(now),
  };
}

export function buildFreeTextSnapshot(now: Date): FreeTextSnapshot {
  return { source: "free_text", capturedAt: formatCapturedAt(now) };
}

/** UTC ISO-8601 truncated to the second: `2026-03-01T10:15:00Z`. */
export function formatCapturedAt(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

const capturedAtSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "must be UTC to the second");
const snapshotText = z.string().min(1);

/** Parses a snapshot read back from storage or the replica. */
export const snapshotSchema = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("contact"),
    name: snapshotText,
    companyId: snapshotText.optional(),
    company: snapshotText.optional(),
    roleInCompany: snapshotText.optional(),
    department: snapshotText.optional(),
    capturedAt: capturedAtSchema,
  }),
  z.object({
    source: z.literal("staff"),
    name: snapshotText,
    jobTitle: snapshotText.optional(),
    employmentType: z.enum(EMPLOYMENT_TYPES).optional(),
    capturedAt: capturedAtSchema,
  }),
  z.object({ source: z.literal("free_text"), capturedAt: capturedAtSchema }),
]) satisfies z.ZodType<Snapshot>;

/** Spreads `{ key: value }` only when the value is a non-blank string, so absent values leave no key. */
function present<K extends string, V extends string>(key: K, value: V | null | undefined): { [P in K]?: V } {
  if (value === null || value === undefined || value.trim() === "") return {};
  return { [key]: value } as { [P in K]?: V };
}
