import type {
  CompanyRow,
  ContactRow,
  MembershipRow,
  ReplicacheMutationFailureRow,
  StaffPersonRow,
  UserRow,
} from "@crm/db";
import { interactionIndexKeys, type Interaction, type JsonObject, type JsonValue } from "@crm/domain";

// The JSON values the server writes into a client's replica, one builder per
// kind of key. Dates travel as ISO-8601 strings; each row carries its version
// so a client can tell which server state it holds.

/** Row kinds, each stored under `<kind>/<id>`. */
export const ROW_KINDS = ["contact", "company", "membership", "staff", "interaction"] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const SIGNED_IN_USER_KEY = "meta/user";
export const FAILURE_PREFIX = "failure/";

export function rowKey(kind: RowKind, id: string): string {
  return `${kind}/${id.toLowerCase()}`;
}

/** Zero-padded so that a prefix scan lists failures in mutation order. */
export function failureKey(mutationId: number, clientId: string): string {
  return `${FAILURE_PREFIX}${String(mutationId).padStart(12, "0")}/${clientId}`;
}

export function contactValue(row: ContactRow): JsonObject {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    notes: row.notes,
    status: row.status,
    statusBeforeTrash: row.statusBeforeTrash,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function companyValue(row: CompanyRow): JsonObject {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    status: row.status,
    statusBeforeTrash: row.statusBeforeTrash,
    website: row.website,
    email: row.email,
    phone: row.phone,
    address: row.address,
    industry: row.industry,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function membershipValue(row: MembershipRow): JsonObject {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    companyId: row.companyId,
    contactId: row.contactId,
    roleInCompany: row.roleInCompany,
    department: row.department,
    isPrimary: row.isPrimary,
    position: row.position,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function staffValue(row: StaffPersonRow): JsonObject {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    jobTitle: row.jobTitle,
    employmentType: row.employmentType,
    email: row.email,
    status: row.status,
    statusBeforeTrash: row.statusBeforeTrash,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/**
 * Builds an interaction's value: its parties in position order, its files and
 * the index fields the client's feeds scan. The index fields come from the same domain
 * function the client mutators use, so an optimistic entry and the server's
 * copy sort alike.
 */
export function interactionValue(interaction: Interaction, version: number): JsonObject {
  const parties = [...interaction.parties].sort((a, b) => a.position - b.position);
  const keys = interactionIndexKeys({ ...interaction, parties });
  return {
    id: interaction.id,
    workspaceId: interaction.workspaceId,
    contactId: interaction.contactId,
    type: interaction.type,
    occurredAt: interaction.occurredAt.toISOString(),
    timeZone: interaction.timeZone,
    subject: interaction.subject,
    body: interaction.body,
    // A deleted owner is loaded as "", which the replica stores as null.
    ownerUserId: interaction.ownerUserId === "" ? null : interaction.ownerUserId,
    subjectSnapshot: { ...interaction.subjectSnapshot },
    metadata: interaction.metadata,
    createdAt: interaction.createdAt.toISOString(),
    updatedAt: interaction.updatedAt.toISOString(),
    parties: parties.map((party) => ({
      id: party.id,
      rawName: party.rawName,
      contactId: party.contactId,
      staffPersonId: party.staffPersonId,
      snapshot: { ...party.snapshot },
      position: party.position,
    })),
    files: interaction.files.map((file) => ({
      id: file.id,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
    })),
    subjectKey: keys.subjectKey,
    involvingKeys: [...keys.involvingKeys],
    companyKeys: [...keys.companyKeys],
    version,
  };
}

/** Builds the value of a mutation the server rejected, with the arguments as pushed so the user's text can be retried. */
export function failureValue(row: ReplicacheMutationFailureRow): JsonObject {
  return {
    clientID: row.clientId,
    mutationID: row.mutationId,
    name: row.mutatorName,
    args: row.args ?? null,
    reason: row.reason,
    at: row.createdAt.toISOString(),
  };
}

/** Builds the signed-in user's value, which the client's permission rules and "add me" read. */
export function signedInUserValue(
  user: Pick<UserRow, "id" | "workspaceId" | "role" | "staffPersonId" | "contactId" | "name" | "email">,
): JsonObject {
  return {
    userId: user.id,
    workspaceId: user.workspaceId,
    role: user.role,
    staffPersonId: user.staffPersonId,
    contactId: user.contactId,
    name: user.name,
    email: user.email,
  };
}

/**
 * A version for a value with no version column (the signed-in user): a hash
 * of its JSON text. Versions are compared for equality only, so any value
 * that changes whenever the JSON changes will do.
 */
export function contentVersion(value: JsonValue): number {
  const text = JSON.stringify(value);
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
