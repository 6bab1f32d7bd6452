import type { ActivityAction } from "./activity";

export const USER_ROLES = ["admin", "member"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const EMPLOYMENT_TYPES = ["full_time", "part_time", "contractor", "intern", "temporary"] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const STAFF_STATUSES = ["active", "inactive", "trashed"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

/** Contacts and companies share these; `trashed` is the soft-delete state. */
export const CONTACT_STATUSES = ["active", "inactive", "trashed"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** The statuses a user may set directly; `trashed` is reached only through trash. */
export const SETTABLE_STATUSES = ["active", "inactive"] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export const COMPANY_STATUSES = CONTACT_STATUSES;
export type CompanyStatus = ContactStatus;

export const INTERACTION_TYPES = ["call", "email", "meeting", "note", "other"] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const DEFAULT_INTERACTION_TYPE: InteractionType = "note";

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A person who logs in. The password hash never leaves the server's user table. */
export interface User {
  readonly id: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly staffPersonId: string | null;
  readonly contactId: string | null;
  /** Set when an admin deactivates the user; a deactivated user cannot sign in. */
  readonly deactivatedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface StaffPerson {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly jobTitle: string | null;
  readonly employmentType: EmploymentType | null;
  readonly email: string | null;
  readonly status: StaffStatus;
  /** The status to restore from the trash; null unless trashed. */
  readonly statusBeforeTrash: SettableStatus | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Contact {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
  readonly status: ContactStatus;
  /** The status to restore from the trash; null unless trashed. */
  readonly statusBeforeTrash: SettableStatus | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Company {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly status: CompanyStatus;
  readonly statusBeforeTrash: SettableStatus | null;
  readonly website: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly industry: string | null;
  readonly notes: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Links a contact to a company; at most one per pair and one primary per contact. */
export interface Membership {
  readonly id: string;
  readonly workspaceId: string;
  readonly companyId: string;
  readonly contactId: string;
  readonly roleInCompany: string | null;
  readonly department: string | null;
  readonly isPrimary: boolean;
  readonly position: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * The as-of-then record of a party or subject, captured once and never
 * rewritten. Absent values are omitted rather than stored as null.
 */
export type Snapshot = ContactSnapshot | StaffSnapshot | FreeTextSnapshot;

export interface ContactSnapshot {
  readonly source: "contact";
  /** The contact's display name at capture time. */
  readonly name: string;
  readonly companyId?: string;
  readonly company?: string;
  readonly roleInCompany?: string;
  readonly department?: string;
  /** UTC ISO-8601 to the second, e.g. `2026-03-01T10:15:00Z`. */
  readonly capturedAt: string;
}

export interface StaffSnapshot {
  readonly source: "staff";
  readonly name: string;
  readonly jobTitle?: string;
  readonly employmentType?: EmploymentType;
  readonly capturedAt: string;
}

export interface FreeTextSnapshot {
  readonly source: "free_text";
  readonly capturedAt: string;
}

export type SnapshotSource = Snapshot["source"];

/** Someone other than the subject who took part in an interaction. */
export interface Party {
  readonly id: string;
  readonly rawName: string;
  readonly contactId: string | null;
  readonly staffPersonId: string | null;
  readonly snapshot: Snapshot;
  /** 0-based display order. */
  readonly position: number;
}

export interface FileRef {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  /** Size in bytes. */
  readonly size: number;
}

export interface Interaction {
  readonly id: string;
  readonly workspaceId: string;
  /** The subject contact; never changes after creation. */
  readonly contactId: string;
  readonly type: InteractionType;
  readonly occurredAt: Date;
  readonly timeZone: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly ownerUserId: string;
  readonly subjectSnapshot: ContactSnapshot;
  readonly metadata: JsonObject | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** In position order. */
  readonly parties: readonly Party[];
  readonly files: readonly FileRef[];
}

/** One entry of the audit log. */
export interface ActivityEntry {
  readonly id: string;
  readonly workspaceId: string;
  readonly actorUserId: string | null;
  readonly action: ActivityAction;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly metadata: JsonObject;
  readonly createdAt: Date;
}
