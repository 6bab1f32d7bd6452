import {
  FEED_LIMIT_DEFAULT,
  RECENT_LIMIT_DEFAULT,
  type Company,
  type CompanyFeedScope,
  type Contact,
  type FeedPage,
  type Interaction,
  type StaffPerson,
} from "@crm/domain";
import { useCallback, useMemo, useState } from "react";
import type { ReadTransaction } from "replicache";

import {
  countInteractions,
  getCompany,
  getContact,
  getInteraction,
  getSignedInUser,
  listContactMemberships,
  listFailures,
  listForCompany,
  listForContacts,
  listInvolving,
  listMembers,
  listRecent,
  listStaff,
  searchContacts,
  searchPartyCandidates,
  type CompanyMember,
  type ContactMembership,
  type InteractionWithContact,
  type PartyCandidate,
} from "../feeds";
import type { ReplicaFailure, SignedInUser } from "../replica";
import { useReplicaQuery } from "./use-replica-query";

/** A live feed that grows by a page at a time. */
export interface LiveFeed<T> {
  /** Every item of the pages loaded so far, kept up to date as the replica changes. */
  readonly items: readonly T[];
  /** True while items beyond the loaded pages exist. */
  readonly hasMore: boolean;
  /** Loads one more page. */
  readonly loadMore: () => void;
  /** True until the first result arrives. */
  readonly loading: boolean;
  readonly error: unknown;
}

/** Reads a contact's History feed: interactions where they are the subject or a party. */
export function useInvolvingFeed(contactId: string, pageSize = FEED_LIMIT_DEFAULT): LiveFeed<Interaction> {
  const read = useCallback(
    (tx: ReadTransaction, limit: number) => listInvolving(tx, { contactId, limit }),
    [contactId],
  );
  return usePagedFeed(read, pageSize, contactId);
}

/** Reads interactions whose subject is one of the contacts. */
export function useContactsFeed(
  contactIds: readonly string[],
  pageSize = FEED_LIMIT_DEFAULT,
): LiveFeed<InteractionWithContact> {
  const key = contactIds.join(",");
  const read = useCallback(
    (tx: ReadTransaction, limit: number) => listForContacts(tx, { contactIds: splitKey(key), limit }),
    [key],
  );
  return usePagedFeed(read, pageSize, key);
}

/** Reads a company's feed in one of its scopes. */
export function useCompanyFeed(
  companyId: string,
  scope: CompanyFeedScope = "members",
  pageSize = FEED_LIMIT_DEFAULT,
): LiveFeed<InteractionWithContact> {
  const read = useCallback(
    (tx: ReadTransaction, limit: number) => listForCompany(tx, { companyId, scope, limit }),
    [companyId, scope],
  );
  return usePagedFeed(read, pageSize, `${companyId}/${scope}`);
}

export function useRecentInteractions(limit = RECENT_LIMIT_DEFAULT): readonly InteractionWithContact[] {
  const query = useCallback((tx: ReadTransaction) => listRecent(tx, { limit }), [limit]);
  return useReplicaQuery(query, NO_ITEMS).data;
}

export function useInteractionCount(): number | null {
  return useReplicaQuery<number | null>(countInteractions, null).data;
}

/** Reads one interaction, or null while loading or when missing. */
export function useInteraction(id: string): Interaction | null {
  const query = useCallback((tx: ReadTransaction) => getInteraction(tx, id), [id]);
  return useReplicaQuery(query, null).data;
}

export function useContact(id: string): Contact | null {
  const query = useCallback((tx: ReadTransaction) => getContact(tx, id), [id]);
  return useReplicaQuery(query, null).data;
}

export function useCompany(id: string): Company | null {
  const query = useCallback((tx: ReadTransaction) => getCompany(tx, id), [id]);
  return useReplicaQuery(query, null).data;
}

/** Searches contacts by name or email for the contacts list, leaving out trashed ones. */
export function useContactSearch(query: string, limit?: number): readonly Contact[] {
  const read = useCallback((tx: ReadTransaction) => searchContacts(tx, query, { limit }), [query, limit]);
  return useReplicaQuery(read, NO_ITEMS).data;
}

/** Searches contacts and staff for the party picker's typeahead. */
export function usePartySearch(query: string, limit?: number): readonly PartyCandidate[] {
  const read = useCallback(
    (tx: ReadTransaction) => searchPartyCandidates(tx, query, { limit }),
    [query, limit],
  );
  return useReplicaQuery(read, NO_ITEMS).data;
}

export function useMembers(companyId: string): readonly CompanyMember[] {
  const query = useCallback((tx: ReadTransaction) => listMembers(tx, companyId), [companyId]);
  return useReplicaQuery(query, NO_ITEMS).data;
}

export function useContactMemberships(contactId: string): readonly ContactMembership[] {
  const query = useCallback((tx: ReadTransaction) => listContactMemberships(tx, contactId), [contactId]);
  return useReplicaQuery(query, NO_ITEMS).data;
}

export function useStaff(): readonly StaffPerson[] {
  return useReplicaQuery(listStaff, NO_ITEMS).data;
}

/** Reads the mutations the server rejected, with their reason and arguments, oldest first. */
export function useFailures(): readonly ReplicaFailure[] {
  return useReplicaQuery(listFailures, NO_ITEMS).data;
}

/** Reads the signed-in user as the server described them, or null before the first pull. */
export function useSignedInUser(): SignedInUser | null {
  return useReplicaQuery(getSignedInUser, null).data;
}

const NO_ITEMS: readonly never[] = [];

/**
 * Keeps one subscription over the first `pages × pageSize` items, so every
 * loaded item stays live and "load more" only widens the window. `resetKey`
 * names the feed, and a new feed starts again at one page.
 */
function usePagedFeed<T>(
  read: (tx: ReadTransaction, limit: number) => Promise<FeedPage<T>>,
  pageSize: number,
  resetKey: string,
): LiveFeed<T> {
  const [paging, setPaging] = useState({ resetKey, pages: 1 });
  const pages = paging.resetKey === resetKey ? paging.pages : 1;
  const limit = Math.max(1, Math.floor(pageSize)) * pages;

  const query = useCallback((tx: ReadTransaction) => read(tx, limit), [read, limit]);
  const { data, loading, error } = useReplicaQuery<FeedPage<T> | null>(query, null);
  const loadMore = useCallback(() => {
    setPaging((current) => ({ resetKey, pages: (current.resetKey === resetKey ? current.pages : 1) + 1 }));
  }, [resetKey]);

  return useMemo(
    () => ({ items: data?.items ?? NO_ITEMS, hasMore: data?.nextCursor != null, loadMore, loading, error }),
    [data, loadMore, loading, error],
  );
}

function splitKey(key: string): string[] {
  return key === "" ? [] : key.split(",");
}
