import { describe, expect, it } from "vitest";

import {
  compareFeedOrder,
  decodeBase64Url,
  decodeCursor,
  encodeBase64Url,
  encodeCursor,
  isAfterCursor,
  pageFeed,
  sortFeed,
} from "./feed-order";
import { DomainError } from "./field-errors";

const item = (id: string, occurredAt: string, createdAt = occurredAt) => ({
  id: `01900000-0000-7000-8000-${id.padStart(12, "0")}`,
  occurredAt: new Date(occurredAt),
  createdAt: new Date(createdAt),
});

const a = item("a", "2026-01-03T00:00:00Z");
const b = item("b", "2026-01-02T00:00:00Z", "2026-01-02T00:00:02Z");
const c = item("c", "2026-01-02T00:00:00Z", "2026-01-02T00:00:01Z");
const d = item("d", "2026-01-02T00:00:00Z", "2026-01-02T00:00:01Z");
const e = item("e", "1960-05-01T00:00:00.123Z");

describe("compareFeedOrder", () => {
  it("puts the newest occurredAt first", () => {
    expect(compareFeedOrder(a, b)).toBeLessThan(0);
  });

  it("orders an occurredAt tie by createdAt, newest first", () => {
    expect(compareFeedOrder(b, c)).toBeLessThan(0);
  });

  it("orders a full time tie by id, greatest first", () => {
    expect(compareFeedOrder(d, c)).toBeLessThan(0);
  });
});

describe("sortFeed", () => {
  it("sorts by occurredAt, createdAt, then id", () => {
    expect(sortFeed([e, c, a, d, b]).map((sorted) => sorted.id.slice(-1))).toEqual(["a", "b", "d", "c", "e"]);
  });
});

describe("cursors", () => {
  it("round-trips a position", () => {
    expect(decodeCursor(encodeCursor(d))).toEqual(d);
  });

  it("round-trips a time before 1970 with milliseconds", () => {
    expect(decodeCursor(encodeCursor(e))).toEqual(e);
  });

  it("is URL-safe", () => {
    expect(encodeCursor(d)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("rejects a tampered cursor", () => {
    const cursor = encodeCursor(d);
    const decoded = decodeBase64Url(cursor)!;
    const [version, occurredAt, ...rest] = decoded.split(".");
    const earlier = (Number.parseInt(occurredAt!, 36) - 1).toString(36);
    const tampered = encodeBase64Url([version, earlier, ...rest].join("."));
    expect(() => decodeCursor(tampered)).toThrow("cursor: invalid cursor, request the first page again");
  });

  it("rejects a cursor with a changed character", () => {
    const cursor = encodeCursor(d);
    const changed = `${cursor.slice(0, 5)}${cursor[5] === "A" ? "B" : "A"}${cursor.slice(6)}`;
    expect(() => decodeCursor(changed)).toThrow(DomainError);
  });

  it("rejects garbage as BAD_REQUEST", () => {
    try {
      decodeCursor("not a cursor!");
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe("BAD_REQUEST");
    }
  });

  it("rejects an empty cursor", () => {
    expect(() => decodeCursor("")).toThrow(DomainError);
  });

  it("rejects a truncated cursor", () => {
    expect(() => decodeCursor(encodeCursor(d).slice(0, -3))).toThrow(DomainError);
  });
});

describe("isAfterCursor", () => {
  it("is true for the next item", () => {
    expect(isAfterCursor(c, decodeCursor(encodeCursor(d)))).toBe(true);
  });

  it("is false for the cursor's own item", () => {
    expect(isAfterCursor(d, decodeCursor(encodeCursor(d)))).toBe(false);
  });
});

describe("pageFeed", () => {
  const sorted = sortFeed([a, b, c, d, e]);

  it("returns every item exactly once across pages with shared times", () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: readonly (typeof a)[]; nextCursor: string | null } = pageFeed(sorted, {
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((paged) => paged.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(sorted.map((paged) => paged.id));
  });

  it("has no next cursor on the last page", () => {
    expect(pageFeed(sorted, { limit: 5 }).nextCursor).toBeNull();
  });

  it("has a next cursor while items remain", () => {
    expect(pageFeed(sorted, { limit: 4 }).nextCursor).not.toBeNull();
  });

  it("returns an empty page past the end", () => {
    expect(pageFeed(sorted, { limit: 2, cursor: encodeCursor(e) }).items).toEqual([]);
  });
});

describe("base64url", () => {
  it("round-trips text of every length", () => {
    const texts = ["", "a", "ab", "abc", "abcd", "1.k2.k3.ff"];
    expect(texts.map((text) => decodeBase64Url(encodeBase64Url(text)))).toEqual(texts);
  });

  it("encodes as RFC 4648 does", () => {
    expect(encodeBase64Url("foobar?>")).toBe("Zm9vYmFyPz4");
  });

  it("rejects non-canonical input", () => {
    expect(decodeBase64Url("Zh")).toBeUndefined();
  });
});
