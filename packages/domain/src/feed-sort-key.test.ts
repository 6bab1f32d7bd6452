import { describe, expect, it } from "vitest";

import { compareFeedOrder, sortFeed, type FeedItem } from "./feed-order";
import { feedSortKey, interactionIndexKeys } from "./feed-sort-key";
import { ids, interaction, party } from "./test-fixtures";

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

function randomId(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Few distinct times, so items often tie on occurredAt and on both times. */
const TIMES = [
  "1960-05-01T00:00:00.123Z",
  "1969-12-31T23:59:59.999Z",
  "1970-01-01T00:00:00.000Z",
  "2026-01-02T00:00:00.000Z",
  "2026-01-02T00:00:00.001Z",
  "9999-12-31T23:59:59.999Z",
].map((text) => new Date(text));

function randomItems(seed: number, count: number): FeedItem[] {
  const next = random(seed);
  const pick = () => TIMES[Math.floor(next() * TIMES.length)]!;
  return Array.from({ length: count }, () => ({ id: randomId(next), occurredAt: pick(), createdAt: pick() }));
}

const byKey = (a: FeedItem, b: FeedItem) => {
  const keyA = feedSortKey(a);
  const keyB = feedSortKey(b);
  if (keyA < keyB) return -1;
  if (keyA > keyB) return 1;
  return 0;
};

describe("feedSortKey", () => {
  it.each([1, 2, 3])("sorts random items with ties like compareFeedOrder, run %i", (seed) => {
    const items = randomItems(seed, 400);
    expect([...items].sort(byKey)).toEqual(sortFeed(items));
  });

  it("agrees with compareFeedOrder on every pair", () => {
    const items = randomItems(4, 60);
    const disagreements = items.flatMap((a) =>
      items.filter((b) => Math.sign(byKey(a, b)) !== Math.sign(compareFeedOrder(a, b))),
    );
    expect(disagreements).toEqual([]);
  });

  it("orders a full time tie by id, greatest first", () => {
    const [time] = TIMES;
    const low = { id: "01900000-0000-7000-8000-00000000000a", occurredAt: time!, createdAt: time! };
    const high = { ...low, id: "01900000-0000-7000-8000-00000000000b" };
    expect(feedSortKey(high) < feedSortKey(low)).toBe(true);
  });

  it("gives every key the same length across the Date range", () => {
    const earliest = { id: ids.interaction, occurredAt: new Date(-8.64e15), createdAt: new Date(-8.64e15) };
    const latest = { id: ids.interaction, occurredAt: new Date(8.64e15), createdAt: new Date(8.64e15) };
    expect(feedSortKey(earliest).length).toBe(feedSortKey(latest).length);
  });

  it("keeps the earliest Date after the one a millisecond later", () => {
    const earliest = { id: ids.interaction, occurredAt: new Date(-8.64e15), createdAt: new Date(0) };
    const next = { ...earliest, occurredAt: new Date(-8.64e15 + 1) };
    expect(feedSortKey(next) < feedSortKey(earliest)).toBe(true);
  });

  it("treats an uppercase id like its lowercase form", () => {
    const item = { id: ids.interaction.toUpperCase(), occurredAt: TIMES[0]!, createdAt: TIMES[0]! };
    expect(feedSortKey(item)).toBe(feedSortKey({ ...item, id: ids.interaction }));
  });

  it("rejects an Invalid Date, naming the field", () => {
    const item = { id: ids.interaction, occurredAt: new Date("nope"), createdAt: TIMES[0]! };
    expect(() => feedSortKey(item)).toThrow("occurredAt: is an Invalid Date");
  });
});

describe("interactionIndexKeys", () => {
  const partyContact = "01900000-0000-7000-8000-0000000000a2";
  const acme = "01900000-0000-7000-8000-0000000000c1";
  const globex = "01900000-0000-7000-8000-0000000000c2";
  const logged = interaction({
    subjectSnapshot: { source: "contact", name: "Ada", companyId: acme, capturedAt: "2026-01-01T00:00:00Z" },
    parties: [
      party({
        id: "01900000-0000-7000-8000-00000000f001",
        rawName: "Grace",
        position: 0,
        contactId: partyContact.toUpperCase(),
        snapshot: { source: "contact", name: "Grace", companyId: globex, capturedAt: "2026-01-01T00:00:00Z" },
      }),
      party({
        id: "01900000-0000-7000-8000-00000000f002",
        rawName: "Grace again",
        position: 1,
        contactId: partyContact,
        snapshot: { source: "contact", name: "Grace", companyId: acme, capturedAt: "2026-01-01T00:00:00Z" },
      }),
      party({ id: "01900000-0000-7000-8000-00000000f003", rawName: "Bob", position: 2 }),
    ],
  });
  const keys = interactionIndexKeys(logged);
  const sortKey = feedSortKey(logged);

  it("keys the subject feed by the subject contact", () => {
    expect(keys.subjectKey).toBe(`${ids.ada}/${sortKey}`);
  });

  it("lists the subject and each resolved party contact once", () => {
    expect(keys.involvingKeys).toEqual([`${ids.ada}/${sortKey}`, `${partyContact}/${sortKey}`]);
  });

  it("lists each company recorded as of then once, subject first", () => {
    expect(keys.companyKeys).toEqual([`${acme}/${sortKey}`, `${globex}/${sortKey}`]);
  });

  it("lists no company when no snapshot recorded one", () => {
    expect(interactionIndexKeys(interaction()).companyKeys).toEqual([]);
  });
});
