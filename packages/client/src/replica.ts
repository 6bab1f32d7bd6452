import {
  CONTACT_STATUSES,
  EMPLOYMENT_TYPES,
  INTERACTION_TYPES,
  SETTABLE_STATUSES,
  STAFF_STATUSES,
  USER_ROLES,
  idSchema,
  interactionIndexKeys,
  isoDateTimeSchema,
  metadataSchema,
  snapshotSchema,
  type Company,
  type Contact,
  type ContactStatus,
  type EmploymentType,
  type Interaction,
  type JsonObject,
  type LookupContact,
  type LookupMembership,
  type LookupStaffPerson,
  type Membership,
  type SettableStatus,
  type SnapshotLookup,
  type StaffPerson,
  type StaffStatus,
  type UserRole,
} from "@crm/domain";
import type { IndexDefinitions, ReadTransaction, ReadonlyJSONValue } from "replicache";
import { z } from "zod";

// The replica's key space. Values are JSON with dates as ISO-8601 strings. The
// server writes them on pull, and the client mutators write the same shapes.

/** Row kinds, each stored under `<kind>/<id>`. */
export const ROW_KINDS = ["contact", "company", "membership", "staff", "interaction"] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const FAILURE_PREFIX = "failure/";
export const SIGNED_IN_USER_KEY = "meta/user";

/** Builds the key of each kind of value. */
export const replicaKey = {
  contact: (id: string) => `contact/${id.toLowerCase()}`,
  company: (id: string) => `company/${id.toLowerCase()}`,
  membership: (id: string) => `membership/${id.toLowerCase()}`,
  staff: (id: string) => `staff/${id.toLowerCase()}`,
  interaction: (id: string) => `interaction/${id.toLowerCase()}`,
  /** Zero-padded so a prefix scan lists failures in mutation order. */
  failure: (mutationID: number, clientID: string) =>
    `${FAILURE_PREFIX}${String(mutationID).padStart(12, "0")}/${clientID}`,
} as const;

export const rowPrefix = (kind: RowKind) => `${kind}/`;

export type ParsedReplicaKey =
  | { readonly kind: RowKind; readonly id: string }
  | { readonly kind: "failure"; readonly mutationID: number; readonly clientID: string }
  | { readonly kind: "meta"; readonly name: string };

/** Tells what a key holds, or undefined for a key outside the replica's key space. */
export function parseReplicaKey(key: string): ParsedReplicaKey | undefined {
  const slash = key.indexOf("/");
  if (slash <= 0) return undefined;
  const kind = key.slice(0, slash);
  const rest = key.slice(slash + 1);
  if (rest === "") return undefined;

  if (isRowKind(kind)) return { kind, id: rest };
  if (kind === "meta") return { kind, name: rest };
  if (kind === "failure") {
    const match = /^(\d{12})\/(.+)$/.exec(rest);
    if (!match) return undefined;
    return { kind, mutationID: Number(match[1]), clientID: match[2] ?? "" };
  }
  return undefined;
}

/** Index names, as the feeds and lookups scan them. */
export const INDEX = {
  involving: "involving",
  companyAsOfThen: "companyAsOfThen",
  membershipsByContact: "membershipsByContact",
  membershipsByCompany: "membershipsByCompany",
  subjectFeed: "subjectFeed",
} as const;

/** The replica's secondary indexes. Changing them starts a new client group, so keep them stable. */
export const replicaIndexes: IndexDefinitions = {
  [INDEX.involving]: { prefix: "interaction/", jsonPointer: "/involvingKeys", allowEmpty: true },
  [INDEX.companyAsOfThen]: { prefix: "interaction/", jsonPointer: "/companyKeys", allowEmpty: true },
  [INDEX.membershipsByContact]: { prefix: "membership/", jsonPointer: "/contactId" },
  [INDEX.membershipsByCompany]: { prefix: "membership/", jsonPointer: "/companyId" },
  [INDEX.subjectFeed]: { prefix: "interaction/", jsonPointer: "/subjectKey" },
};

// Value types. They are type aliases rather than interfaces because only a type
// alias gets the implicit index signature that Replicache's JSON types require.

/** The server's row version. It is absent on a row created on this device and not pulled back yet. */
type Versioned = { readonly version?: number };

export type ReplicaContact = Versioned & {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
  readonly status: ContactStatus;
  readonly statusBeforeTrash: SettableStatus | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type ReplicaCompany = Versioned & {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly status: ContactStatus;
  readonly statusBeforeTrash: SettableStatus | null;
  readonly website: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly industry: string | null;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type ReplicaMembership = Versioned & {
  readonly id: string;
  readonly workspaceId: string;
  readonly companyId: string;
  readonly contactId: string;
  readonly roleInCompany: string | null;
  readonly department: string | null;
  readonly isPrimary: boolean;
  readonly position: number;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type ReplicaStaffPerson = Versioned & {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly jobTitle: string | null;
  readonly employmentType: EmploymentType | null;
  readonly email: string | null;
  readonly status: StaffStatus;
  readonly statusBeforeTrash: SettableStatus | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type ReplicaSnapshot = z.output<typeof snapshotSchema>;
export type ReplicaContactSnapshot = Extract<ReplicaSnapshot, { readonly source: "contact" }>;

export type ReplicaParty = {
  readonly id: string;
  readonly rawName: string;
  readonly contactId: string | null;
  readonly staffPersonId: string | null;
  readonly snapshot: ReplicaSnapshot;
  readonly position: number;
};

export type ReplicaFile = {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
};

export type ReplicaInteraction = Versioned & {
  readonly id: string;
  readonly workspaceId: string;
  readonly contactId: string;
  readonly type: Interaction["type"];
  readonly occurredAt: string;
  readonly timeZone: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  /** Null once the user who logged it no longer exists. */
  readonly ownerUserId: string | null;
  readonly subjectSnapshot: ReplicaContactSnapshot;
  readonly metadata: JsonObject | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** In position order. */
  readonly parties: readonly ReplicaParty[];
  readonly files: readonly ReplicaFile[];
  readonly subjectKey: string;
  readonly involvingKeys: readonly string[];
  readonly companyKeys: readonly string[];
};

/** A mutation the server rejected, kept until the user dismisses it. */
export type ReplicaFailure = {
  readonly clientID: string;
  readonly mutationID: number;
  readonly name: string;
  /** The mutation's arguments as sent, so the user's text can be retried. */
  readonly args: ReadonlyJSONValue;
  readonly reason: string;
  readonly at: string;
};

/** The signed-in user, written by the server in the first pull. */
export type SignedInUser = {
  readonly userId: string;
  readonly workspaceId: string;
  readonly role: UserRole;
  readonly staffPersonId: string | null;
  readonly contactId: string | null;
  readonly name: string;
  readonly email: string;
};

// Schemas for values arriving from the server.

const time = isoDateTimeSchema;
const nullableText = z.string().nullable();
const version = z.number().int().optional();

export const replicaContactSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  name: z.string(),
  email: nullableText,
  phone: nullableText,
  notes: nullableText,
  status: z.enum(CONTACT_STATUSES),
  statusBeforeTrash: z.enum(SETTABLE_STATUSES).nullable(),
  createdAt: time,
  updatedAt: time,
  version,
}) satisfies z.ZodType<ReplicaContact>;

export const replicaCompanySchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  name: z.string(),
  status: z.enum(CONTACT_STATUSES),
  statusBeforeTrash: z.enum(SETTABLE_STATUSES).nullable(),
  website: nullableText,
  email: nullableText,
  phone: nullableText,
  address: nullableText,
  industry: nullableText,
  notes: nullableText,
  createdAt: time,
  updatedAt: time,
  version,
}) satisfies z.ZodType<ReplicaCompany>;

export const replicaMembershipSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  companyId: idSchema,
  contactId: idSchema,
  roleInCompany: nullableText,
  department: nullableText,
  isPrimary: z.boolean(),
  position: z.number().int(),
  createdAt: time,
  updatedAt: time,
  version,
}) satisfies z.ZodType<ReplicaMembership>;

export const replicaStaffPersonSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  name: z.string(),
  jobTitle: nullableText,
  employmentType: z.enum(EMPLOYMENT_TYPES).nullable(),
  email: nullableText,
  status: z.enum(STAFF_STATUSES),
  statusBeforeTrash: z.enum(SETTABLE_STATUSES).nullable(),
  createdAt: time,
  updatedAt: time,
  version,
}) satisfies z.ZodType<ReplicaStaffPerson>;

const [contactSnapshotSchema] = snapshotSchema.options;

export const replicaInteractionSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  contactId: idSchema,
  type: z.enum(INTERACTION_TYPES),
  occurredAt: time,
  timeZone: nullableText,
  subject: nullableText,
  body: nullableText,
  ownerUserId: idSchema.nullable(),
  subjectSnapshot: contactSnapshotSchema,
  metadata: metadataSchema.nullable(),
  createdAt: time,
  updatedAt: time,
  parties: z.array(
    z.object({
      id: idSchema,
      rawName: z.string(),
      contactId: idSchema.nullable(),
      staffPersonId: idSchema.nullable(),
      snapshot: snapshotSchema,
      position: z.number().int(),
    }),
  ),
  files: z.array(
    z.object({ id: idSchema, filename: z.string(), contentType: z.string(), size: z.number().int().min(0) }),
  ),
  subjectKey: z.string(),
  involvingKeys: z.array(z.string()),
  companyKeys: z.array(z.string()),
  version,
}) satisfies z.ZodType<ReplicaInteraction>;

export const replicaFailureSchema = z.object({
  clientID: z.string().min(1),
  mutationID: z.number().int().min(0),
  name: z.string(),
  args: z.json(),
  reason: z.string(),
  at: time,
}) satisfies z.ZodType<ReplicaFailure>;

export const signedInUserSchema = z.object({
  userId: idSchema,
  workspaceId: idSchema,
  role: z.enum(USER_ROLES),
  staffPersonId: idSchema.nullable(),
  contactId: idSchema.nullable(),
  name: z.string(),
  email: z.string(),
}) satisfies z.ZodType<SignedInUser>;

/** Values of kinds this client does not know: any JSON, stored as sent. */
const anyJsonSchema: z.ZodType<ReadonlyJSONValue> = z.json();

const rowSchemas = {
  contact: replicaContactSchema,
  company: replicaCompanySchema,
  membership: replicaMembershipSchema,
  staff: replicaStaffPersonSchema,
  interaction: replicaInteractionSchema,
} as const;

/**
 * Checks a value the server sent for `key` against its kind's shape and
 * returns the value to store. An interaction gets its index fields derived
 * here, because the feeds read exactly these keys and the client mutators
 * derive theirs with the same function. Values of unknown kinds are stored
 * as sent when they are JSON, for servers newer than this client.
 */
export function parseReplicaValue(key: string, value: unknown): ReadonlyJSONValue {
  const parsedKey = parseReplicaKey(key);
  let result: z.ZodSafeParseResult<ReadonlyJSONValue>;
  if (parsedKey === undefined || (parsedKey.kind === "meta" && key !== SIGNED_IN_USER_KEY)) {
    result = anyJsonSchema.safeParse(value);
  } else if (parsedKey.kind === "failure") result = replicaFailureSchema.safeParse(value);
  else if (parsedKey.kind === "meta") result = signedInUserSchema.safeParse(value);
  else result = rowSchemas[parsedKey.kind].safeParse(value);

  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.map(String).join(".") || "value"}: ${issue.message}`)
      .join("; ");
    throw new Error(`${key}: the server sent a value that does not match the replica's shape (${problems})`);
  }
  if (parsedKey?.kind !== "interaction") return result.data;
  const interaction = result.data as ReplicaInteraction;
  return interactionToReplica(interactionFromReplica(interaction), interaction);
}

// Readers. Values in the replica were checked on the way in, by the puller or a mutator.

export async function readContact(tx: ReadTransaction, id: string): Promise<ReplicaContact | undefined> {
  return (await tx.get(replicaKey.contact(id))) as ReplicaContact | undefined;
}

export async function readCompany(tx: ReadTransaction, id: string): Promise<ReplicaCompany | undefined> {
  return (await tx.get(replicaKey.company(id))) as ReplicaCompany | undefined;
}

export async function readMembership(
  tx: ReadTransaction,
  id: string,
): Promise<ReplicaMembership | undefined> {
  return (await tx.get(replicaKey.membership(id))) as ReplicaMembership | undefined;
}

export async function readStaffPerson(
  tx: ReadTransaction,
  id: string,
): Promise<ReplicaStaffPerson | undefined> {
  return (await tx.get(replicaKey.staff(id))) as ReplicaStaffPerson | undefined;
}

export async function readInteraction(
  tx: ReadTransaction,
  id: string,
): Promise<ReplicaInteraction | undefined> {
  return (await tx.get(replicaKey.interaction(id))) as ReplicaInteraction | undefined;
}

export async function readSignedInUser(tx: ReadTransaction): Promise<SignedInUser | undefined> {
  return (await tx.get(SIGNED_IN_USER_KEY)) as SignedInUser | undefined;
}

/** Reads every value of one row kind, in key order. */
export async function readAll<K extends RowKind>(tx: ReadTransaction, kind: K): Promise<RowValue<K>[]> {
  return (await tx
    .scan({ prefix: rowPrefix(kind) })
    .values()
    .toArray()) as RowValue<K>[];
}

export type RowValue<K extends RowKind> = {
  contact: ReplicaContact;
  company: ReplicaCompany;
  membership: ReplicaMembership;
  staff: ReplicaStaffPerson;
  interaction: ReplicaInteraction;
}[K];

/** Reads a contact's memberships through the `membershipsByContact` index. */
export async function membershipsOfContact(
  tx: ReadTransaction,
  contactId: string,
): Promise<ReplicaMembership[]> {
  return scanBySecondaryKey<ReplicaMembership>(tx, INDEX.membershipsByContact, contactId.toLowerCase());
}

/** Reads a company's memberships through the `membershipsByCompany` index. */
export async function membershipsOfCompany(
  tx: ReadTransaction,
  companyId: string,
): Promise<ReplicaMembership[]> {
  return scanBySecondaryKey<ReplicaMembership>(tx, INDEX.membershipsByCompany, companyId.toLowerCase());
}

/**
 * Reads contacts and staff for snapshots from the replica, so an optimistic
 * snapshot shows this device's data. The server's snapshot replaces it on the
 * next pull.
 */
export function replicaSnapshotLookup(tx: ReadTransaction): SnapshotLookup {
  return {
    async getContact(id) {
      const contact = await readContact(tx, id);
      if (!contact) return undefined;
      const memberships = await membershipsOfContact(tx, contact.id);
      return {
        id: contact.id,
        name: contact.name,
        email: contact.email,
        status: contact.status,
        memberships: await Promise.all(memberships.map((membership) => lookupMembership(tx, membership))),
      } satisfies LookupContact;
    },
    async getStaffPerson(id) {
      const staff = await readStaffPerson(tx, id);
      if (!staff) return undefined;
      return {
        id: staff.id,
        name: staff.name,
        jobTitle: staff.jobTitle,
        employmentType: staff.employmentType,
        status: staff.status,
      } satisfies LookupStaffPerson;
    },
  };
}

// Converters between replica values and domain entities.

export function contactFromReplica(value: ReplicaContact): Contact {
  const { version: _version, createdAt, updatedAt, ...fields } = value;
  return { ...fields, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

export function contactToReplica(contact: Contact, stored?: Versioned): ReplicaContact {
  return {
    ...contact,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    ...versionOf(stored),
  };
}

export function companyFromReplica(value: ReplicaCompany): Company {
  const { version: _version, createdAt, updatedAt, ...fields } = value;
  return { ...fields, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

export function companyToReplica(company: Company, stored?: Versioned): ReplicaCompany {
  return {
    ...company,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
    ...versionOf(stored),
  };
}

export function membershipFromReplica(value: ReplicaMembership): Membership {
  const { version: _version, createdAt, updatedAt, ...fields } = value;
  return { ...fields, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

export function membershipToReplica(membership: Membership, stored?: Versioned): ReplicaMembership {
  return {
    ...membership,
    createdAt: membership.createdAt.toISOString(),
    updatedAt: membership.updatedAt.toISOString(),
    ...versionOf(stored),
  };
}

export function staffPersonFromReplica(value: ReplicaStaffPerson): StaffPerson {
  const { version: _version, createdAt, updatedAt, ...fields } = value;
  return { ...fields, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

export function staffPersonToReplica(staff: StaffPerson, stored?: Versioned): ReplicaStaffPerson {
  return {
    ...staff,
    createdAt: staff.createdAt.toISOString(),
    updatedAt: staff.updatedAt.toISOString(),
    ...versionOf(stored),
  };
}

/**
 * Turns a replica value into the domain interaction. An interaction whose
 * owner no longer exists gets the empty owner id, which matches no user, so
 * only an admin may change it. `interactionToReplica` turns it back into null.
 */
export function interactionFromReplica(value: ReplicaInteraction): Interaction {
  return {
    id: value.id,
    workspaceId: value.workspaceId,
    contactId: value.contactId,
    type: value.type,
    occurredAt: new Date(value.occurredAt),
    timeZone: value.timeZone,
    subject: value.subject,
    body: value.body,
    ownerUserId: value.ownerUserId ?? "",
    subjectSnapshot: value.subjectSnapshot,
    metadata: value.metadata,
    createdAt: new Date(value.createdAt),
    updatedAt: new Date(value.updatedAt),
    parties: value.parties.map((party) => ({ ...party })),
    files: value.files.map((file) => ({ ...file })),
  };
}

/** Turns a domain interaction into its replica value, index fields included. */
export function interactionToReplica(interaction: Interaction, stored?: Versioned): ReplicaInteraction {
  const keys = interactionIndexKeys(interaction);
  return {
    id: interaction.id,
    workspaceId: interaction.workspaceId,
    contactId: interaction.contactId,
    type: interaction.type,
    occurredAt: interaction.occurredAt.toISOString(),
    timeZone: interaction.timeZone,
    subject: interaction.subject,
    body: interaction.body,
    ownerUserId: interaction.ownerUserId === "" ? null : interaction.ownerUserId,
    subjectSnapshot: interaction.subjectSnapshot,
    metadata: interaction.metadata,
    createdAt: interaction.createdAt.toISOString(),
    updatedAt: interaction.updatedAt.toISOString(),
    parties: [...interaction.parties]
      .sort((a, b) => a.position - b.position)
      .map((party) => ({
        id: party.id,
        rawName: party.rawName,
        contactId: party.contactId,
        staffPersonId: party.staffPersonId,
        snapshot: party.snapshot,
        position: party.position,
      })),
    files: interaction.files.map((file) => ({ ...file })),
    subjectKey: keys.subjectKey,
    involvingKeys: [...keys.involvingKeys],
    companyKeys: [...keys.companyKeys],
    ...versionOf(stored),
  };
}

function isRowKind(kind: string): kind is RowKind {
  return (ROW_KINDS as readonly string[]).includes(kind);
}

function versionOf(stored: Versioned | undefined): Versioned {
  return stored?.version === undefined ? {} : { version: stored.version };
}

async function scanBySecondaryKey<V>(
  tx: ReadTransaction,
  indexName: string,
  secondary: string,
): Promise<V[]> {
  const values: V[] = [];
  // Ids share one length, so the prefix matches this id alone. The equality check guards against malformed keys.
  for await (const [[key], value] of tx.scan({ indexName, prefix: secondary }).entries()) {
    if (key === secondary) values.push(value as V);
  }
  return values;
}

async function lookupMembership(
  tx: ReadTransaction,
  membership: ReplicaMembership,
): Promise<LookupMembership> {
  const company = await readCompany(tx, membership.companyId);
  return {
    id: membership.id,
    companyId: membership.companyId,
    companyName: company?.name ?? null,
    roleInCompany: membership.roleInCompany,
    department: membership.department,
    isPrimary: membership.isPrimary,
    position: membership.position,
    createdAt: new Date(membership.createdAt),
  };
}
