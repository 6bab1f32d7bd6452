import type { ContactRow } from "@crm/db";
import type {
  Contact,
  ContactSnapshot,
  FileRef,
  Interaction,
  InteractionType,
  JsonObject,
  Party,
  Snapshot,
} from "@crm/domain";
import { sql, type SQL } from "drizzle-orm";

import { toContact } from "../contacts";

// Whole entities travel as one json value per row, decoded here. The two
// drivers return a bare bigint in different forms (PGlite a number,
// postgres.js a string), and a timestamp's text follows the server's DateStyle
// and TimeZone, but both return json parsed. Times travel as whole epoch
// milliseconds, which the columns' millisecond precision keeps exact.

/**
 * Builds a json object of the interaction that `alias` names, with its
 * parties (in position order) and its files, each aggregated by a subquery
 * correlated with the row. `decodeInteraction` reads it.
 */
export function interactionJson(workspaceId: string, alias: string): SQL {
  const i = sql.identifier(alias);
  return sql`json_build_object(
    'id', ${i}.id,
    'workspaceId', ${i}.workspace_id,
    'contactId', ${i}.contact_id,
    'type', ${i}.type,
    'occurredAt', ${epochMs(sql`${i}.occurred_at`)},
    'timeZone', ${i}.time_zone,
    'subject', ${i}.subject,
    'body', ${i}.body,
    'ownerUserId', ${i}.owner_user_id,
    'subjectSnapshot', ${i}.subject_snapshot,
    'metadata', ${i}.metadata,
    'createdAt', ${epochMs(sql`${i}.created_at`)},
    'updatedAt', ${epochMs(sql`${i}.updated_at`)},
    'parties', coalesce((
      select json_agg(json_build_object(
        'id', p.id,
        'rawName', p.raw_name,
        'contactId', p.contact_id,
        'staffPersonId', p.staff_person_id,
        'snapshot', p.snapshot,
        'position', p.position
      ) order by p.position, p.id)
      from interaction_parties p
      where p.workspace_id = ${workspaceId} and p.interaction_id = ${i}.id
    ), '[]'::json),
    'files', coalesce((
      select json_agg(json_build_object(
        'id', f.id,
        'filename', f.filename,
        'contentType', f.content_type,
        'size', f.size
      ) order by f.created_at, f.id)
      from files f
      where f.workspace_id = ${workspaceId} and f.interaction_id = ${i}.id
    ), '[]'::json)
  )`;
}

/** Builds a json object of the contacts row that `alias` names, with every column; `decodeContact` reads it. */
export function contactJson(alias: string): SQL {
  const c = sql.identifier(alias);
  return sql`json_build_object(
    'id', ${c}.id,
    'workspaceId', ${c}.workspace_id,
    'name', ${c}.name,
    'email', ${c}.email,
    'phone', ${c}.phone,
    'notes', ${c}.notes,
    'status', ${c}.status,
    'statusBeforeTrash', ${c}.status_before_trash,
    'createdAt', ${epochMs(sql`${c}.created_at`)},
    'updatedAt', ${epochMs(sql`${c}.updated_at`)},
    'version', ${c}.version
  )`;
}

/** Builds SQL for the epoch milliseconds of a timestamptz expression as text, which both drivers return alike. */
export function epochMsText(timestamp: SQL): SQL {
  return sql`${epochMs(timestamp)}::text`;
}

/**
 * Builds the entity from the json of `interactionJson`. Throws an error
 * naming the field when the json does not have the shape that
 * `interactionJson` builds.
 */
export function decodeInteraction(value: unknown): Interaction {
  const path = "interaction";
  const record = jsonObject(parseJson(value), path);
  return {
    id: stringAt(record, "id", path),
    workspaceId: stringAt(record, "workspaceId", path),
    contactId: stringAt(record, "contactId", path),
    // The type, snapshot and metadata columns are checked by the database and written only through the domain rules.
    type: stringAt(record, "type", path) as InteractionType,
    occurredAt: dateAt(record, "occurredAt", path),
    timeZone: nullableStringAt(record, "timeZone", path),
    subject: nullableStringAt(record, "subject", path),
    body: nullableStringAt(record, "body", path),
    // NOTE: the owner is null only when the owning user row was deleted; "" then matches no user.
    ownerUserId: nullableStringAt(record, "ownerUserId", path) ?? "",
    subjectSnapshot: objectAt(record, "subjectSnapshot", path) as unknown as ContactSnapshot,
    metadata: record.metadata === null ? null : (objectAt(record, "metadata", path) as JsonObject),
    createdAt: dateAt(record, "createdAt", path),
    updatedAt: dateAt(record, "updatedAt", path),
    parties: arrayAt(record, "parties", path).map(decodeParty),
    files: arrayAt(record, "files", path).map(decodeFile),
  };
}

/** Builds the contact entity from the json of `contactJson`, through the contacts service's own mapping. */
export function decodeContact(value: unknown): Contact {
  const path = "contact";
  const record = jsonObject(parseJson(value), path);
  const row: ContactRow = {
    id: stringAt(record, "id", path),
    workspaceId: stringAt(record, "workspaceId", path),
    name: stringAt(record, "name", path),
    email: nullableStringAt(record, "email", path),
    phone: nullableStringAt(record, "phone", path),
    notes: nullableStringAt(record, "notes", path),
    status: stringAt(record, "status", path) as ContactRow["status"],
    statusBeforeTrash: nullableStringAt(record, "statusBeforeTrash", path) as ContactRow["statusBeforeTrash"],
    createdAt: dateAt(record, "createdAt", path),
    updatedAt: dateAt(record, "updatedAt", path),
    version: numberAt(record, "version", path),
  };
  return toContact(row);
}

function decodeParty(value: unknown, index: number): Party {
  const path = `interaction.parties[${index}]`;
  const record = jsonObject(value, path);
  return {
    id: stringAt(record, "id", path),
    rawName: stringAt(record, "rawName", path),
    contactId: nullableStringAt(record, "contactId", path),
    staffPersonId: nullableStringAt(record, "staffPersonId", path),
    snapshot: objectAt(record, "snapshot", path) as unknown as Snapshot,
    position: numberAt(record, "position", path),
  };
}

function decodeFile(value: unknown, index: number): FileRef {
  const path = `interaction.files[${index}]`;
  const record = jsonObject(value, path);
  return {
    id: stringAt(record, "id", path),
    filename: stringAt(record, "filename", path),
    contentType: stringAt(record, "contentType", path),
    size: numberAt(record, "size", path),
  };
}

function epochMs(timestamp: SQL): SQL {
  return sql`(extract(epoch from ${timestamp}) * 1000)::bigint`;
}

type JsonRecord = Readonly<Record<string, unknown>>;

// PGlite and postgres.js both parse json values, but a client set up to
// leave them as text would return a string, so that is parsed too.
function parseJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

function jsonObject(value: unknown, path: string): JsonRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw decodeError(path, "a JSON object", value);
  }
  return value as JsonRecord;
}

// Each reader returns `record[key]` as the type it names, or throws an
// error naming `path.key`. They are plain functions, not closures made per
// record, because a page decodes hundreds of records. tsx, which runs the
// server, adds a name-setting call to every closure it creates.

function stringAt(record: JsonRecord, key: string, path: string): string {
  const value = record[key];
  if (typeof value !== "string") throw decodeError(`${path}.${key}`, "a string", value);
  return value;
}

function nullableStringAt(record: JsonRecord, key: string, path: string): string | null {
  const value = record[key];
  if (value !== null && typeof value !== "string") throw decodeError(`${path}.${key}`, "a string or null", value);
  return value;
}

function numberAt(record: JsonRecord, key: string, path: string): number {
  const value = record[key];
  if (typeof value !== "number" || !Number.isFinite(value)) throw decodeError(`${path}.${key}`, "a number", value);
  return value;
}

function dateAt(record: JsonRecord, key: string, path: string): Date {
  const value = record[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw decodeError(`${path}.${key}`, "epoch milliseconds", value);
  }
  return new Date(value);
}

function objectAt(record: JsonRecord, key: string, path: string): JsonRecord {
  return jsonObject(record[key], `${path}.${key}`);
}

function arrayAt(record: JsonRecord, key: string, path: string): readonly unknown[] {
  const value = record[key];
  if (!Array.isArray(value)) throw decodeError(`${path}.${key}`, "a JSON array", value);
  return value as readonly unknown[];
}

function decodeError(path: string, expected: string, value: unknown): Error {
  const found = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new Error(`Reading ${path} from the database failed: it is ${found}, expected ${expected}.`);
}
