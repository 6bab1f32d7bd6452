import type { ContactSnapshot, Snapshot } from "./entities";
import type { FeedItem } from "./feed-order";

/** The fields of an interaction that its replica index keys are built from. */
export interface IndexedInteraction extends FeedItem {
  /** The subject contact. */
  readonly contactId: string;
  readonly subjectSnapshot: ContactSnapshot;
  /** In position order. */
  readonly parties: readonly {
    readonly contactId: string | null;
    readonly snapshot: Snapshot;
  }[];
}

/** The index fields both the server and the client store on an `interaction/<id>` replica value. */
export interface InteractionIndexKeys {
  /** `<contactId>/<feedSortKey>` of the subject, for one contact's subject feed. */
  readonly subjectKey: string;
  /** `<contactId>/<feedSortKey>` for the subject and each resolved party contact, once each. */
  readonly involvingKeys: readonly string[];
  /** `<companyId>/<feedSortKey>` for each company the subject's or a party's snapshot recorded, once each. */
  readonly companyKeys: readonly string[];
}

/** The latest instant a JavaScript Date can hold, in milliseconds. */
const MAX_DATE_MS = 8_640_000_000_000_000n;

/**
 * Digits of `MAX_DATE_MS - ms` across the whole Date range. The earliest
 * instant gives 17,280,000,000,000,000, so every key has one width and string
 * order equals number order, before 1970 too.
 */
const TIME_DIGITS = 17;

/**
 * Returns a string whose ascending order is feed order (`compareFeedOrder`):
 * occurredAt newest first, then createdAt newest first, then the greater id
 * first. Times count down from the latest possible Date at a fixed width, and
 * the lowercase id has each hex digit inverted (`f - d`), so a prefix scan of
 * keys `<owner>/<feedSortKey>` yields a feed already ordered.
 */
export function feedSortKey(item: FeedItem): string {
  return [
    descendingTime(item.occurredAt, "occurredAt"),
    descendingTime(item.createdAt, "createdAt"),
    invertId(item.id),
  ].join(".");
}

/** Builds the replica index fields of an interaction, the same on the server and the client. */
export function interactionIndexKeys(interaction: IndexedInteraction): InteractionIndexKeys {
  const sortKey = feedSortKey(interaction);
  const subject = interaction.contactId.toLowerCase();

  const contactIds = [subject];
  for (const party of interaction.parties) {
    if (party.contactId) contactIds.push(party.contactId.toLowerCase());
  }

  const companyIds: string[] = [];
  for (const snapshot of [
    interaction.subjectSnapshot,
    ...interaction.parties.map((party) => party.snapshot),
  ]) {
    if (snapshot.source === "contact" && snapshot.companyId)
      companyIds.push(snapshot.companyId.toLowerCase());
  }

  return {
    subjectKey: `${subject}/${sortKey}`,
    involvingKeys: unique(contactIds).map((id) => `${id}/${sortKey}`),
    companyKeys: unique(companyIds).map((id) => `${id}/${sortKey}`),
  };
}

function descendingTime(date: Date, field: string): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError(`${field}: is an Invalid Date, which has no place in a feed. Pass a valid date.`);
  }
  // BigInt keeps the difference exact beyond 2^53, which dates before about 9600 BC reach.
  return (MAX_DATE_MS - BigInt(ms)).toString().padStart(TIME_DIGITS, "0");
}

function invertId(id: string): string {
  let inverted = "";
  for (const character of id.toLowerCase()) {
    const digit = Number.parseInt(character, 16);
    inverted += Number.isNaN(digit) ? character : (15 - digit).toString(16);
  }
  return inverted;
}

/** Keeps the first of each value, in order. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
