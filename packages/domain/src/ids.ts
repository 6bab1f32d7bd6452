import { z } from "zod";

/**
 * An RFC 9562 UUID of any version (with the RFC variant bits), or the nil and
 * max UUIDs, in either case.
 */
const UUID_PATTERN =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;

const ID_MESSAGE = "must be a UUID";

/**
 * A row id. Accepts either case and yields lowercase, the form PostgreSQL
 * returns, so identities such as `contact:<id>` and feed order compare equal
 * on the client and the server.
 */
export const idSchema = z.string({ error: ID_MESSAGE }).regex(UUID_PATTERN, ID_MESSAGE).toLowerCase();

/** Tells whether a value is a well-formed id (either case). */
export function isId(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}
