import {
  FEED_LIMIT_DEFAULT,
  RECENT_LIMIT_DEFAULT,
  SEARCH_LIMIT_DEFAULT,
  SEARCH_LIMIT_MAX,
  contactDisplayName,
  decodeCursor,
  encodeCursor,
  feedSortKey,
  isId,
  selectPrimaryMembership,
  staffDisplayName,
  type Company,
  type CompanyFeedScope,
  type Contact,
  type FeedPage,
  type Interaction,
  type Membership,
  type PartyInput,
  type StaffPerson,
} from "@crm/domain";
import type { ReadTransaction } from "replicache";

import {
  FAILURE_PREFIX,
  INDEX,
  companyFromReplica,
  contactFromReplica,
  interactionFromReplica,
  membershipFromReplica,
  membershipsOfCompany,
  membershipsOfContact,
  readAll,
  readCompany,
  readContact,
  readInteraction,
  readSignedInUser,
  rowPrefix,
  staffPersonFromReplica,
  type ReplicaFailure,
  type ReplicaInteraction,
  type SignedInUser,
} from "./replica";

// Reads over the replica, in the server's order and with the server's cursors,
// so a page fetched from the server and one read here continue each other.
// As in the server's services, a malformed id gives an empty list or null.

export interface FeedOptions {
  /** The page size, 50 when omitted. */
  readonly limit?: number;
  /** The `nextCursor` of the page before, or omitted or null for the first page. */
  readonly cursor?: string | null;
}

/** An interaction with its subject's current record, as the contact and company feeds return it. */
export type InteractionWithContact = Interaction & { readonly contact: Contact | null };

/**
 * Lists interactions where the contact is the subject or a resolved party,
 * each once, newest first. It reads only this contact's index entries from the
 * cursor on, so a page costs its own size.
 */
export async function listInvolving(
  tx: ReadTransaction,
  options: FeedOptions & { readonly contactId: string },
): Promise<FeedPage<Interaction>> {
  if (!isId(options.contactId)) return emptyPage();
  const after = sortKeyAfter(options.cursor);
  const entries = indexFeed(tx, INDEX.involving, options.contactId, after);
  const page = await takePage(entries, pageSize(options.limit));
  return {
    items: page.entries.map(({ value }) => interactionFromReplica(value)),
    nextCursor: page.nextCursor,
  };
}

/** Lists interactions whose subject is any of the contacts, merging each contact's subject feed. */
export async function listForContacts(
  tx: ReadTransaction,
  options: FeedOptions & { readonly contactIds: readonly string[] },
): Promise<FeedPage<InteractionWithContact>> {
  const contactIds = uniqueIds(options.contactIds);
  if (contactIds.length === 0) return emptyPage();
  const after = sortKeyAfter(options.cursor);
  const entries = mergeFeeds(contactIds.map((id) => indexFeed(tx, INDEX.subjectFeed, id, after)));
  return withContacts(tx, await takePage(entries, pageSize(options.limit)));
}

/**
 * Lists a company's feed in one scope. `members` lists interactions whose
 * subject is a current member, and `involving` those where a current member is
 * the subject or a party. Both leave out trashed contacts, as the server does.
 * `asOfThen` lists those where the subject's or a party's snapshot recorded
 * the company, even if they left.
 */
export async function listForCompany(
  tx: ReadTransaction,
  options: FeedOptions & { readonly companyId: string; readonly scope?: CompanyFeedScope },
): Promise<FeedPage<InteractionWithContact>> {
  if (!isId(options.companyId)) return emptyPage();
  const scope = options.scope ?? "members";
  const after = sortKeyAfter(options.cursor);
  const limit = pageSize(options.limit);

  if (scope === "asOfThen") {
    return withContacts(
      tx,
      await takePage(indexFeed(tx, INDEX.companyAsOfThen, options.companyId, after), limit),
    );
  }

  const memberships = await membershipsOfCompany(tx, options.companyId);
  const candidateIds = uniqueIds(memberships.map((membership) => membership.contactId));
  const contacts = await Promise.all(candidateIds.map((id) => readContact(tx, id)));
  const memberIds = candidateIds.filter((_id, index) => {
    const contact = contacts[index];
    return contact !== undefined && contact.status !== "trashed";
  });
  if (memberIds.length === 0) return emptyPage();

  const indexName = scope === "members" ? INDEX.subjectFeed : INDEX.involving;
  const entries = mergeFeeds(memberIds.map((id) => indexFeed(tx, indexName, id, after)));
  return withContacts(tx, await takePage(entries, limit));
}

/**
 * Lists the newest interactions across the workspace.
 * NOTE: reads every interaction, because no index orders the whole workspace
 * and the sync contract fixes the index fields.
 */
export async function listRecent(
  tx: ReadTransaction,
  options: { readonly limit?: number } = {},
): Promise<readonly InteractionWithContact[]> {
  const limit = Math.max(1, Math.floor(options.limit ?? RECENT_LIMIT_DEFAULT));
  const all = await readAll(tx, "interaction");
  const newest = all
    .map((value) => ({ sortKey: sortKeyOf(value), value }))
    .sort((a, b) => compareText(a.sortKey, b.sortKey))
    .slice(0, limit);
  return (await withContacts(tx, { entries: newest, nextCursor: null })).items;
}

/** Counts the interactions in the replica. */
export async function countInteractions(tx: ReadTransaction): Promise<number> {
  let count = 0;
  for await (const _key of tx.scan({ prefix: rowPrefix("interaction") }).keys()) count += 1;
  return count;
}

/** Reads one interaction with its parties, or null when it is missing. */
export async function getInteraction(tx: ReadTransaction, id: string): Promise<Interaction | null> {
  if (!isId(id)) return null;
  const value = await readInteraction(tx, id);
  return value ? interactionFromReplica(value) : null;
}

export async function getContact(tx: ReadTransaction, id: string): Promise<Contact | null> {
  if (!isId(id)) return null;
  const value = await readContact(tx, id);
  return value ? contactFromReplica(value) : null;
}

export async function getCompany(tx: ReadTransaction, id: string): Promise<Company | null> {
  if (!isId(id)) return null;
  const value = await readCompany(tx, id);
  return value ? companyFromReplica(value) : null;
}

/** Reads the signed-in user, or null before the first pull. */
export async function getSignedInUser(tx: ReadTransaction): Promise<SignedInUser | null> {
  return (await readSignedInUser(tx)) ?? null;
}

export interface SearchOptions {
  /** The maximum number of results: 20 when omitted, and never more than 100. */
  readonly limit?: number;
}

/**
 * Searches contacts whose name or email contains the query, ignoring case.
 * Trashed contacts never match. The query is plain text, so `%` and `_` match
 * themselves. Results are ordered by display name.
 */
export async function searchContacts(
  tx: ReadTransaction,
  query: string,
  options: SearchOptions = {},
): Promise<readonly Contact[]> {
  const matches = matcher(query);
  const contacts = (await readAll(tx, "contact")).filter(
    (contact) => contact.status !== "trashed" && matches(contact.name, contact.email),
  );
  return contacts
    .map(contactFromReplica)
    .sort((a, b) => compareNames(contactDisplayName(a), a.id, contactDisplayName(b), b.id))
    .slice(0, searchLimit(options.limit));
}

/** A contact or staff person the party picker offers. */
export interface PartyCandidate {
  readonly source: "contact" | "staff";
  readonly id: string;
  /** The display name, which the party's rawName takes. */
  readonly name: string;
  /**
   * The second line: "role, company" of a contact's primary membership, else
   * the contact's email. For a staff person, the job title.
   */
  readonly detail: string | null;
}

/**
 * Searches contacts and staff for the party picker: name or email contains the
 * query, ignoring case. Trashed records never match. Results are ordered by name.
 */
export async function searchPartyCandidates(
  tx: ReadTransaction,
  query: string,
  options: SearchOptions = {},
): Promise<readonly PartyCandidate[]> {
  const matches = matcher(query);
  const limit = searchLimit(options.limit);

  const contacts = (await readAll(tx, "contact"))
    .filter((contact) => contact.status !== "trashed" && matches(contact.name, contact.email))
    .map((contact) => ({
      source: "contact" as const,
      id: contact.id,
      name: contactDisplayName(contact),
      email: contact.email,
    }));
  const staff = (await readAll(tx, "staff"))
    .filter((person) => person.status !== "trashed" && matches(person.name, person.email))
    .map((person) => ({
      source: "staff" as const,
      id: person.id,
      name: staffDisplayName(person),
      jobTitle: person.jobTitle,
    }));

  const chosen = [...contacts, ...staff]
    .sort((a, b) => compareNames(a.name, a.id, b.name, b.id))
    .slice(0, limit);

  return Promise.all(
    chosen.map(async (candidate) => {
      if (candidate.source === "staff") {
        return { source: "staff", id: candidate.id, name: candidate.name, detail: candidate.jobTitle };
      }
      return {
        source: "contact",
        id: candidate.id,
        name: candidate.name,
        detail: (await primaryRoleLine(tx, candidate.id)) ?? candidate.email,
      };
    }),
  );
}

/** Returns the party input that picks a candidate. */
export function partyInputFor(candidate: PartyCandidate): PartyInput {
  return candidate.source === "contact"
    ? { rawName: candidate.name, contactId: candidate.id }
    : { rawName: candidate.name, staffPersonId: candidate.id };
}

export interface CompanyMember {
  readonly membership: Membership;
  readonly contact: Contact;
}

/** Lists a company's current members who are not trashed, by position, then name. */
export async function listMembers(tx: ReadTransaction, companyId: string): Promise<readonly CompanyMember[]> {
  if (!isId(companyId)) return [];
  const members: CompanyMember[] = [];
  for (const membership of await membershipsOfCompany(tx, companyId)) {
    const contact = await readContact(tx, membership.contactId);
    if (!contact || contact.status === "trashed") continue;
    members.push({ membership: membershipFromReplica(membership), contact: contactFromReplica(contact) });
  }
  return members.sort(
    (a, b) =>
      a.membership.position - b.membership.position ||
      compareNames(contactDisplayName(a.contact), a.contact.id, contactDisplayName(b.contact), b.contact.id),
  );
}

export interface ContactMembership {
  readonly membership: Membership;
  readonly company: Company | null;
}

/** Lists a contact's memberships with their companies, the primary one first. */
export async function listContactMemberships(
  tx: ReadTransaction,
  contactId: string,
): Promise<readonly ContactMembership[]> {
  if (!isId(contactId)) return [];
  const memberships = (await membershipsOfContact(tx, contactId)).map(membershipFromReplica);
  const primary = selectPrimaryMembership(memberships);
  const ordered = [...memberships].sort(
    (a, b) => Number(b === primary) - Number(a === primary) || a.position - b.position,
  );
  return Promise.all(
    ordered.map(async (membership) => {
      const company = await readCompany(tx, membership.companyId);
      return { membership, company: company ? companyFromReplica(company) : null };
    }),
  );
}

/** Lists staff who are not trashed, by name. */
export async function listStaff(tx: ReadTransaction): Promise<readonly StaffPerson[]> {
  return (await readAll(tx, "staff"))
    .filter((person) => person.status !== "trashed")
    .map(staffPersonFromReplica)
    .sort((a, b) => compareNames(staffDisplayName(a), a.id, staffDisplayName(b), b.id));
}

/** Lists mutations the server rejected, oldest first, until the user dismisses them. */
export async function listFailures(tx: ReadTransaction): Promise<readonly ReplicaFailure[]> {
  return (await tx.scan({ prefix: FAILURE_PREFIX }).values().toArray()) as ReplicaFailure[];
}

// Feed scanning. Index entries are `<owner id>/<feedSortKey>`, which sort in
// feed order, so each owner's entries are a prefix scan already in order.

interface FeedEntry {
  readonly sortKey: string;
  readonly value: ReplicaInteraction;
}

type FeedStream = AsyncGenerator<FeedEntry, void, undefined>;

interface ScannedPage {
  readonly entries: readonly FeedEntry[];
  readonly nextCursor: string | null;
}

/** One owner's entries of an index, strictly after `after`. */
async function* indexFeed(
  tx: ReadTransaction,
  indexName: string,
  ownerId: string,
  after: string | undefined,
): FeedStream {
  const prefix = `${ownerId.toLowerCase()}/`;
  const start = after === undefined ? undefined : { key: [`${prefix}${after}`] as const };
  for await (const [[secondary], value] of tx.scan({ indexName, prefix, start }).entries()) {
    const sortKey = secondary.slice(prefix.length);
    if (sortKey === after) continue;
    yield { sortKey, value: value as ReplicaInteraction };
  }
}

/**
 * Merges feeds that are each in feed order into one. An interaction found in
 * several feeds (two members both involved) has the same sort key in each, so
 * its copies arrive one after another and all but the first are dropped.
 */
async function* mergeFeeds(feeds: readonly FeedStream[]): FeedStream {
  const heads = await Promise.all(feeds.map(nextEntry));
  let last: string | undefined;
  for (;;) {
    let best: number | undefined;
    heads.forEach((head, index) => {
      const leader = best === undefined ? undefined : heads[best];
      if (head !== undefined && (leader === undefined || head.sortKey < leader.sortKey)) best = index;
    });
    if (best === undefined) return;
    const chosen = heads[best];
    const feed = feeds[best];
    if (chosen === undefined || feed === undefined) return;

    if (chosen.sortKey !== last) yield chosen;
    last = chosen.sortKey;
    heads[best] = await nextEntry(feed);
  }
}

async function nextEntry(feed: FeedStream): Promise<FeedEntry | undefined> {
  const result = await feed.next();
  return result.done ? undefined : result.value;
}

/** Takes one page, reading one entry more to tell whether another page follows. */
async function takePage(entries: FeedStream, limit: number): Promise<ScannedPage> {
  const taken: FeedEntry[] = [];
  for await (const entry of entries) {
    taken.push(entry);
    if (taken.length > limit) break;
  }
  const more = taken.length > limit;
  const page = taken.slice(0, limit);
  const last = page.at(-1);
  return { entries: page, nextCursor: more && last ? cursorOf(last.value) : null };
}

async function withContacts(
  tx: ReadTransaction,
  page: ScannedPage,
): Promise<FeedPage<InteractionWithContact>> {
  const contacts = new Map<string, Contact | null>();
  const items: InteractionWithContact[] = [];
  for (const { value } of page.entries) {
    if (!contacts.has(value.contactId)) {
      const contact = await readContact(tx, value.contactId);
      contacts.set(value.contactId, contact ? contactFromReplica(contact) : null);
    }
    items.push({ ...interactionFromReplica(value), contact: contacts.get(value.contactId) ?? null });
  }
  return { items, nextCursor: page.nextCursor };
}

function sortKeyAfter(cursor: string | null | undefined): string | undefined {
  return cursor ? feedSortKey(decodeCursor(cursor)) : undefined;
}

function cursorOf(value: ReplicaInteraction): string {
  return encodeCursor({
    occurredAt: new Date(value.occurredAt),
    createdAt: new Date(value.createdAt),
    id: value.id,
  });
}

function sortKeyOf(value: ReplicaInteraction): string {
  return value.subjectKey.slice(value.subjectKey.indexOf("/") + 1);
}

function pageSize(limit: number | undefined): number {
  return Math.max(1, Math.floor(limit ?? FEED_LIMIT_DEFAULT));
}

function searchLimit(limit: number | undefined): number {
  return Math.min(SEARCH_LIMIT_MAX, Math.max(1, Math.floor(limit ?? SEARCH_LIMIT_DEFAULT)));
}

function emptyPage<T>(): FeedPage<T> {
  return { items: [], nextCursor: null };
}

function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isId).map((id) => id.toLowerCase()))];
}

/** Builds a case-insensitive "contains" test over a name and an email. A blank query matches everything. */
function matcher(query: string): (name: string, email: string | null) => boolean {
  const needle = query.trim().toLowerCase();
  return (name, email) =>
    needle === "" || name.toLowerCase().includes(needle) || (email?.toLowerCase().includes(needle) ?? false);
}

async function primaryRoleLine(tx: ReadTransaction, contactId: string): Promise<string | null> {
  const primary = selectPrimaryMembership(
    (await membershipsOfContact(tx, contactId)).map(membershipFromReplica),
  );
  if (!primary) return null;
  const company = await readCompany(tx, primary.companyId);
  const parts = [primary.roleInCompany, company?.name].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(", ") : null;
}

function compareNames(nameA: string, idA: string, nameB: string, idB: string): number {
  return compareText(nameA.toLowerCase(), nameB.toLowerCase()) || compareText(idA, idB);
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
