import { DomainError } from "./field-errors";
import { isId } from "./ids";

/** The fields of an item that decide its place in a feed. */
export interface FeedItem {
  readonly occurredAt: Date;
  readonly createdAt: Date;
  readonly id: string;
}

/** A position in a feed: the last item of the page before. */
export interface FeedCursor {
  readonly occurredAt: Date;
  readonly createdAt: Date;
  readonly id: string;
}

export interface FeedPage<T> {
  readonly items: readonly T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export const INVALID_CURSOR_MESSAGE = "cursor: invalid cursor, request the first page again";

const CURSOR_VERSION = "1";
const MAX_DATE_MS = 8.64e15;

/**
 * Feed order: newest occurredAt first, then newest createdAt, then the greater
 * id, so items sharing a time still have one total order. Negative when `a`
 * comes first.
 */
export function compareFeedOrder(a: FeedItem, b: FeedItem): number {
  const occurred = b.occurredAt.getTime() - a.occurredAt.getTime();
  if (occurred !== 0) return occurred;
  const created = b.createdAt.getTime() - a.createdAt.getTime();
  if (created !== 0) return created;
  if (a.id === b.id) return 0;
  return a.id > b.id ? -1 : 1;
}

export function sortFeed<T extends FeedItem>(items: readonly T[]): T[] {
  return [...items].sort(compareFeedOrder);
}

/**
 * Encodes an item's position as an opaque string: base64url of
 * `version.occurredAt.createdAt.id.checksum` with times in milliseconds.
 * The checksum catches damaged or hand-edited cursors; it is not a secret,
 * and needs none, because every feed query is bound to the caller's workspace.
 * NOTE: positions have millisecond precision, so stored times must too.
 */
export function encodeCursor(item: FeedItem): string {
  const payload = [
    CURSOR_VERSION,
    item.occurredAt.getTime().toString(36),
    item.createdAt.getTime().toString(36),
    item.id.toLowerCase().replaceAll("-", ""),
  ].join(".");
  return encodeBase64Url(`${payload}.${checksum(payload)}`);
}

/** Decodes a cursor, or throws a BAD_REQUEST DomainError for anything malformed or altered. */
export function decodeCursor(cursor: string): FeedCursor {
  const decoded = decodeBase64Url(cursor);
  const parts = decoded?.split(".");
  if (parts?.length !== 5) throw invalidCursor();
  const [version, occurred, created, hex, sum] = parts as [string, string, string, string, string];
  if (version !== CURSOR_VERSION || sum !== checksum(parts.slice(0, 4).join("."))) throw invalidCursor();

  const occurredAt = parseTime(occurred);
  const createdAt = parseTime(created);
  const id = /^[0-9a-f]{32}$/.test(hex)
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    : "";
  if (!occurredAt || !createdAt || !isId(id)) throw invalidCursor();
  return { occurredAt, createdAt, id };
}

/** Tells whether an item comes strictly after the cursor in feed order. */
export function isAfterCursor(item: FeedItem, cursor: FeedCursor): boolean {
  return compareFeedOrder(item, cursor) > 0;
}

/** Pages an already sorted in-memory feed, the way the server pages its queries. */
export function pageFeed<T extends FeedItem>(
  sortedItems: readonly T[],
  options: { readonly limit: number; readonly cursor?: string | null },
): FeedPage<T> {
  const limit = Math.max(1, Math.floor(options.limit));
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const start = after ? sortedItems.findIndex((item) => isAfterCursor(item, after)) : 0;
  if (start === -1) return { items: [], nextCursor: null };

  const items = sortedItems.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + limit < sortedItems.length;
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}

function invalidCursor(): DomainError {
  return new DomainError("BAD_REQUEST", INVALID_CURSOR_MESSAGE, {
    cursor: ["invalid cursor, request the first page again"],
  });
}

function parseTime(text: string): Date | undefined {
  if (!/^-?[0-9a-z]{1,11}$/.test(text)) return undefined;
  const ms = Number.parseInt(text, 36);
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_DATE_MS || ms.toString(36) !== text) return undefined;
  return new Date(ms);
}

/** FNV-1a over the payload's UTF-16 code units, as 32 bits in base 36. */
function checksum(payload: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < payload.length; index++) {
    hash ^= payload.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

// Base64url (RFC 4648 section 5, no padding) for ASCII text, written here
// because this package may not use Buffer, btoa or TextEncoder.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function encodeBase64Url(ascii: string): string {
  let output = "";
  for (let index = 0; index < ascii.length; index += 3) {
    const a = ascii.charCodeAt(index);
    const b = index + 1 < ascii.length ? ascii.charCodeAt(index + 1) : 0;
    const c = index + 2 < ascii.length ? ascii.charCodeAt(index + 2) : 0;
    const bits = (a << 16) | (b << 8) | c;
    const remaining = ascii.length - index;
    output += ALPHABET.charAt((bits >> 18) & 63) + ALPHABET.charAt((bits >> 12) & 63);
    if (remaining > 1) output += ALPHABET.charAt((bits >> 6) & 63);
    if (remaining > 2) output += ALPHABET.charAt(bits & 63);
  }
  return output;
}

/** Decodes base64url to ASCII text; undefined when the input is not canonical base64url of ASCII. */
export function decodeBase64Url(encoded: string): string | undefined {
  if (encoded.length % 4 === 1 || !/^[A-Za-z0-9_-]*$/.test(encoded)) return undefined;
  let output = "";
  for (let index = 0; index < encoded.length; index += 4) {
    const chunk = encoded.slice(index, index + 4);
    let bits = 0;
    for (let position = 0; position < 4; position++) {
      const value = position < chunk.length ? ALPHABET.indexOf(chunk.charAt(position)) : 0;
      bits = (bits << 6) | value;
    }
    const bytes = [(bits >> 16) & 255, (bits >> 8) & 255, bits & 255].slice(0, chunk.length - 1);
    for (const byte of bytes) {
      if (byte > 127) return undefined;
      output += String.fromCharCode(byte);
    }
  }
  return encodeBase64Url(output) === encoded ? output : undefined;
}
