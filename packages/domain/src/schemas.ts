import { z } from "zod";

import {
  EMPLOYMENT_TYPES,
  INTERACTION_TYPES,
  SETTABLE_STATUSES,
  USER_ROLES,
  type JsonObject,
  type JsonValue,
} from "./entities";
import { idSchema } from "./ids";

export const NAME_MAX = 255;
export const PHONE_MAX = 50;
export const SUBJECT_MAX = 255;
export const BODY_MAX = 100_000;
export const NOTES_MAX = 100_000;
export const WEBSITE_MAX = 2048;
export const ADDRESS_MAX = 1000;
export const TIME_ZONE_MAX = 100;
export const METADATA_MAX_BYTES = 16 * 1024;
export const FILES_PER_INTERACTION_MAX = 10;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1000;
export const FEED_LIMIT_DEFAULT = 50;
export const FEED_LIMIT_MAX = 200;
export const RECENT_LIMIT_DEFAULT = 6;
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_QUERY_MAX = 255;

/** Deeper metadata is refused: it is a bag of small values, not a document. */
const METADATA_MAX_DEPTH = 32;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Field building blocks. Blank optional text becomes null so "cleared" has one form.

function text(max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .max(max, `must be at most ${max} characters`);
}

/** Trims before measuring, so surrounding spaces never count against the limit. */
function trimmedText(max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .trim()
    .max(max, `must be at most ${max} characters`);
}

function requiredName(max = NAME_MAX) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`);
}

function optionalText(max: number) {
  return trimmedText(max).nullable().transform(blankToNull).optional();
}

/** An optional email address; blank becomes null. */
export const optionalEmailSchema = trimmedText(NAME_MAX)
  .refine(
    (value) => value === "" || EMAIL_PATTERN.test(value),
    "must be a valid email address, such as ada@example.com",
  )
  .nullable()
  .transform(blankToNull)
  .optional();

/** A required email address, trimmed. */
export const emailSchema = trimmedText(NAME_MAX)
  .min(1, "is required")
  .refine(
    (value) => value === "" || EMAIL_PATTERN.test(value),
    "must be a valid email address, such as ada@example.com",
  );

const settableStatus = z.enum(SETTABLE_STATUSES, { error: "must be active or inactive" });
const interactionType = z.enum(INTERACTION_TYPES, {
  error: `must be one of ${INTERACTION_TYPES.join(", ")}`,
});
const employmentType = z.enum(EMPLOYMENT_TYPES, { error: `must be one of ${EMPLOYMENT_TYPES.join(", ")}` });
const userRole = z.enum(USER_ROLES, { error: "must be admin or member" });

/** A `Date`; an Invalid Date is an error, never replaced by "now". */
export const dateSchema = z.date({ error: "must be a valid date and time" });

/** An IANA zone name such as `Europe/Berlin` that the ECMAScript Intl API accepts. */
export const timeZoneSchema = trimmedText(TIME_ZONE_MAX).refine(
  isTimeZone,
  "must be an IANA time zone such as Europe/Berlin",
);

/** A plain JSON object whose JSON text is at most 16 KiB of UTF-8. */
export const metadataSchema = z
  .custom<JsonObject>((value) => isJsonObject(value, 0), "must be a plain JSON object")
  .refine(
    (value) => jsonByteLength(value) <= METADATA_MAX_BYTES,
    "must be at most 16 KiB as JSON; store large data as a file instead",
  );

const limit = (fallback: number, max: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`)
    .default(fallback);

const cursor = z.string({ error: "must be a cursor string" }).max(1000, "invalid cursor").nullish();

// Parties.

/**
 * A party as written, with every limit checked: rawName at most 255 after
 * trimming, ids well-formed, never both references. Forms use it for one row.
 */
export const partyInputSchema = z
  .object({
    id: idSchema.optional(),
    rawName: trimmedText(NAME_MAX),
    contactId: idSchema.nullish(),
    staffPersonId: idSchema.nullish(),
  })
  .superRefine((party, context) => {
    if (party.contactId && party.staffPersonId) {
      context.addIssue({
        code: "custom",
        path: ["staffPersonId"],
        message: "must be empty when contactId is set: a party is either a contact or a staff person",
      });
    }
  });

/**
 * The party shape inside an interaction input, without the limits. The party
 * rules (drop blanks, drop the subject, collapse duplicates, then reject what
 * is left invalid) must run in that order, so `normalizeParties` applies them.
 */
export const partyInputShapeSchema = z.object({
  id: z.string({ error: "must be a UUID" }).optional(),
  rawName: z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") }),
  contactId: z.string({ error: "must be a UUID" }).nullish(),
  staffPersonId: z.string({ error: "must be a UUID" }).nullish(),
});

const partyList = z.array(partyInputShapeSchema, { error: "must be a list of parties" });

// Interactions.

const interactionFields = {
  type: interactionType.optional(),
  occurredAt: dateSchema.optional(),
  timeZone: trimmedText(TIME_ZONE_MAX)
    .refine((value) => value === "" || isTimeZone(value), "must be an IANA time zone such as Europe/Berlin")
    .nullable()
    .transform(blankToNull)
    .optional(),
  subject: optionalText(SUBJECT_MAX),
  // The body keeps its line breaks and spaces; only a blank body becomes null.
  body: text(BODY_MAX)
    .nullable()
    .transform((value) => (value?.trim() === "" ? null : value))
    .optional(),
  metadata: metadataSchema.nullish(),
};

export const interactionCreateInputSchema = z.object({
  interaction: z.object({ id: idSchema.optional(), contactId: idSchema, ...interactionFields }),
  parties: partyList.optional(),
  fileIds: z
    .array(idSchema, { error: "must be a list of file ids" })
    .max(FILES_PER_INTERACTION_MAX, `must list at most ${FILES_PER_INTERACTION_MAX} files`)
    .refine((ids) => new Set(ids).size === ids.length, "must not list the same file twice")
    .optional(),
});

/** The editable fields of an interaction; the subject contact and owner can never change. */
export const interactionChangesSchema = z.strictObject(
  {
    type: interactionType.optional(),
    occurredAt: dateSchema.optional(),
    timeZone: interactionFields.timeZone,
    subject: interactionFields.subject,
    body: interactionFields.body,
    metadata: interactionFields.metadata,
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `cannot change ${issue.keys.join(", ")} of an interaction`
        : undefined,
  },
);

export const interactionUpdateInputSchema = z.object({
  id: idSchema,
  changes: interactionChangesSchema.default({}),
  parties: partyList.nullish(),
});

// Contacts, companies, memberships, staff.

export const contactCreateInputSchema = z.object({
  id: idSchema.optional(),
  name: requiredName(),
  email: optionalEmailSchema,
  phone: optionalText(PHONE_MAX),
  notes: optionalText(NOTES_MAX),
  status: settableStatus.optional(),
});

export const contactUpdateInputSchema = z.object({
  id: idSchema,
  changes: contactCreateInputSchema.omit({ id: true }).partial(),
});

export const companyCreateInputSchema = z.object({
  id: idSchema.optional(),
  name: requiredName(),
  status: settableStatus.optional(),
  website: optionalText(WEBSITE_MAX),
  email: optionalEmailSchema,
  phone: optionalText(PHONE_MAX),
  address: optionalText(ADDRESS_MAX),
  industry: optionalText(NAME_MAX),
  notes: optionalText(NOTES_MAX),
});

export const companyUpdateInputSchema = z.object({
  id: idSchema,
  changes: companyCreateInputSchema.omit({ id: true }).partial(),
});

const position = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be 0 or more");

export const membershipCreateInputSchema = z.object({
  id: idSchema.optional(),
  companyId: idSchema,
  contactId: idSchema,
  roleInCompany: optionalText(NAME_MAX),
  department: optionalText(NAME_MAX),
  isPrimary: z.boolean({ error: "must be true or false" }).optional(),
  position: position.optional(),
});

export const membershipUpdateInputSchema = z.object({
  id: idSchema,
  changes: membershipCreateInputSchema.pick({
    roleInCompany: true,
    department: true,
    isPrimary: true,
    position: true,
  }),
});

export const staffCreateInputSchema = z.object({
  id: idSchema.optional(),
  name: requiredName(),
  jobTitle: optionalText(NAME_MAX),
  employmentType: employmentType.nullish(),
  email: optionalEmailSchema,
  status: settableStatus.optional(),
});

export const staffUpdateInputSchema = z.object({
  id: idSchema,
  changes: staffCreateInputSchema.omit({ id: true }).partial(),
});

// Users and authentication.

const password = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const userCreateInputSchema = z.object({
  email: emailSchema,
  name: requiredName(),
  password,
  role: userRole.default("member"),
});

export const userUpdateInputSchema = z.object({
  id: idSchema,
  changes: z.object({
    email: emailSchema.optional(),
    name: requiredName().optional(),
    password: password.optional(),
    role: userRole.optional(),
  }),
});

export const loginInputSchema = z.object({
  email: emailSchema,
  // Length rules are for choosing a password, not for signing in with one.
  password: z.string({ error: "is required" }).min(1, "is required").max(PASSWORD_MAX, "is too long"),
});

export const signUpInputSchema = z.object({
  workspaceName: requiredName(),
  email: emailSchema,
  name: requiredName(),
  password,
});

// Lists and lookups.

export const listInvolvingInputSchema = z.object({
  contactId: idSchema,
  limit: limit(FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX),
  cursor,
});

export const listForContactsInputSchema = z.object({
  contactIds: z
    .array(idSchema, { error: "must be a list of contact ids" })
    .max(1000, "must list at most 1000 contacts"),
  limit: limit(FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX),
  cursor,
});

export const COMPANY_FEED_SCOPES = ["members", "involving", "asOfThen"] as const;
export type CompanyFeedScope = (typeof COMPANY_FEED_SCOPES)[number];

export const listForCompanyInputSchema = z.object({
  companyId: idSchema,
  scope: z.enum(COMPANY_FEED_SCOPES, { error: "must be members, involving or asOfThen" }).default("members"),
  limit: limit(FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX),
  cursor,
});

export const listRecentInputSchema = z
  .object({ limit: limit(RECENT_LIMIT_DEFAULT, FEED_LIMIT_MAX) })
  .default({
    limit: RECENT_LIMIT_DEFAULT,
  });

export const idInputSchema = z.object({ id: idSchema });

export const contactIdInputSchema = z.object({ contactId: idSchema });

export const searchInputSchema = z.object({
  query: trimmedText(SEARCH_QUERY_MAX),
  limit: limit(SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX),
});

export const activityListInputSchema = z.object({
  resourceType: requiredName(64),
  resourceId: idSchema,
  cursor,
  limit: limit(FEED_LIMIT_DEFAULT, FEED_LIMIT_MAX),
});

// Input types: `XInput` is what a caller may pass, `ParsedXInput` what parsing yields.

export type PartyInput = z.input<typeof partyInputShapeSchema>;
export type InteractionCreateInput = z.input<typeof interactionCreateInputSchema>;
export type ParsedInteractionCreateInput = z.output<typeof interactionCreateInputSchema>;
export type InteractionChanges = z.input<typeof interactionChangesSchema>;
export type ParsedInteractionChanges = z.output<typeof interactionChangesSchema>;
export type InteractionUpdateInput = z.input<typeof interactionUpdateInputSchema>;
export type ParsedInteractionUpdateInput = z.output<typeof interactionUpdateInputSchema>;
export type ContactCreateInput = z.input<typeof contactCreateInputSchema>;
export type ParsedContactCreateInput = z.output<typeof contactCreateInputSchema>;
export type ContactUpdateInput = z.input<typeof contactUpdateInputSchema>;
export type ParsedContactUpdateInput = z.output<typeof contactUpdateInputSchema>;
export type CompanyCreateInput = z.input<typeof companyCreateInputSchema>;
export type ParsedCompanyCreateInput = z.output<typeof companyCreateInputSchema>;
export type CompanyUpdateInput = z.input<typeof companyUpdateInputSchema>;
export type ParsedCompanyUpdateInput = z.output<typeof companyUpdateInputSchema>;
export type MembershipCreateInput = z.input<typeof membershipCreateInputSchema>;
export type ParsedMembershipCreateInput = z.output<typeof membershipCreateInputSchema>;
export type MembershipUpdateInput = z.input<typeof membershipUpdateInputSchema>;
export type ParsedMembershipUpdateInput = z.output<typeof membershipUpdateInputSchema>;
export type StaffCreateInput = z.input<typeof staffCreateInputSchema>;
export type ParsedStaffCreateInput = z.output<typeof staffCreateInputSchema>;
export type StaffUpdateInput = z.input<typeof staffUpdateInputSchema>;
export type ParsedStaffUpdateInput = z.output<typeof staffUpdateInputSchema>;
export type UserCreateInput = z.input<typeof userCreateInputSchema>;
export type ParsedUserCreateInput = z.output<typeof userCreateInputSchema>;
export type UserUpdateInput = z.input<typeof userUpdateInputSchema>;
export type ParsedUserUpdateInput = z.output<typeof userUpdateInputSchema>;
export type LoginInput = z.input<typeof loginInputSchema>;
export type SignUpInput = z.input<typeof signUpInputSchema>;
export type ParsedSignUpInput = z.output<typeof signUpInputSchema>;
export type ListInvolvingInput = z.input<typeof listInvolvingInputSchema>;
export type ParsedListInvolvingInput = z.output<typeof listInvolvingInputSchema>;
export type ListForContactsInput = z.input<typeof listForContactsInputSchema>;
export type ParsedListForContactsInput = z.output<typeof listForContactsInputSchema>;
export type ListForCompanyInput = z.input<typeof listForCompanyInputSchema>;
export type ParsedListForCompanyInput = z.output<typeof listForCompanyInputSchema>;
export type ListRecentInput = z.input<typeof listRecentInputSchema>;
export type IdInput = z.input<typeof idInputSchema>;
export type ContactIdInput = z.input<typeof contactIdInputSchema>;
export type SearchInput = z.input<typeof searchInputSchema>;
export type ParsedSearchInput = z.output<typeof searchInputSchema>;
export type ActivityListInput = z.input<typeof activityListInputSchema>;
export type ParsedActivityListInput = z.output<typeof activityListInputSchema>;

/** Checks that the Intl API accepts the zone. UTC offsets such as `+01:00` are not IANA zones. */
export function isTimeZone(value: string): boolean {
  if (value === "" || /^[+-]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Counts the UTF-8 bytes of a string without TextEncoder, which is not available everywhere. */
export function utf8ByteLength(value: string): number {
  let bytes = 0;
  for (const character of value) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x80) bytes += 1;
    else if (codePoint < 0x800) bytes += 2;
    else if (codePoint < 0x10000) bytes += 3;
    else bytes += 4;
  }
  return bytes;
}

/** Returns the UTF-8 size of a value's JSON text, or Infinity when the value cannot become JSON. */
function jsonByteLength(value: unknown): number {
  try {
    return utf8ByteLength(JSON.stringify(value));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function blankToNull(value: string | null): string | null {
  return value === "" ? null : value;
}

function isJsonObject(value: unknown, depth: number): value is JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((entry) => isJsonValue(entry, depth + 1));
}

function isJsonValue(value: unknown, depth: number): value is JsonValue {
  if (depth > METADATA_MAX_DEPTH) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((entry) => isJsonValue(entry, depth + 1));
  return isJsonObject(value, depth);
}
