import type { Executor } from "@crm/db";
import { decodeCursor, encodeCursor, type Contact, type FeedCursor, type FeedPage, type Interaction } from "@crm/domain";
import { sql, type SQL } from "drizzle-orm";

import { executePrepared } from "../prepared-query";
import { contactJson, decodeContact, decodeInteraction, epochMsText, interactionJson } from "./interaction-json";

/**
 * One source of feed rows: a SELECT of `occurred_at, created_at, id` (the
 * interaction's id) over one table, filtered so an index on
 * (workspace_id, <filter column>, occurred_at desc, created_at desc, id desc)
 * can deliver its rows in feed order.
 */
export type FeedBranch = SQL;

export interface FeedPageOptions {
  readonly limit: number;
  readonly cursor?: string | null | undefined;
}

/** An interaction with its subject contact's current record, as company and multi-contact feeds return it. */
export interface InteractionWithContact extends Interaction {
  readonly contact: Contact;
}

/**
 * Reads one page of the union of `branches`, newest first by
 * (occurred_at, created_at, id), starting after the cursor: the interactions
 * with their parties and files, in one statement and so one snapshot.
 */
export async function readFeedPage(
  executor: Executor,
  workspaceId: string,
  branches: readonly FeedBranch[],
  options: FeedPageOptions,
): Promise<FeedPage<Interaction>> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  if (branches.length === 0) return { items: [], nextCursor: null };

  const rows = await executePrepared(feedPageQuery(executor, workspaceId, branches, after, options.limit + 1), "feed_page");
  return toFeedPage(rows, options.limit, (row) =>
    row.interaction === null ? undefined : decodeInteraction(row.interaction),
  );
}

/** Reads a page as `readFeedPage` does, with each interaction's subject contact as it is now. */
export async function readFeedPageWithSubjects(
  executor: Executor,
  workspaceId: string,
  branches: readonly FeedBranch[],
  options: FeedPageOptions,
): Promise<FeedPage<InteractionWithContact>> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  if (branches.length === 0) return { items: [], nextCursor: null };

  const query = feedPageQuery(executor, workspaceId, branches, after, options.limit + 1, { withSubjects: true });
  const rows = await executePrepared(query, "feed_page_with_subjects");
  return toFeedPage(rows, options.limit, (row) =>
    row.interaction === null || row.subject === null
      ? undefined
      : { ...decodeInteraction(row.interaction), contact: decodeContact(row.subject) },
  );
}

/**
 * Builds the statement of `readFeedPage`, or with `withSubjects` that of
 * `readFeedPageWithSubjects`: the keyset query of `feedKeysQuery` as the
 * subquery `page`, each of its rows joined to its interaction (and subject
 * contact) as json, in feed order. Exported so tests can EXPLAIN it.
 *
 * Each join is LATERAL with LIMIT 1. As a plain join, PostgreSQL may hash the
 * whole table when it is small (PGlite does so on the tests' tables) and then
 * sort the page. The LIMIT keeps the
 * subquery from being flattened into such a join, so it runs as one primary
 * key probe per page row, in page order, and the plan has no sort at all.
 *
 * The readers run it prepared, so each connection parses it once, and once
 * PostgreSQL settles on a generic plan it stops planning it on every call.
 * The query builder here only carries the raw SQL to Drizzle's `prepare`. The text depends
 * on the shape of the branches and on whether a cursor is given, not on the
 * values, so a connection keeps a handful of these statements.
 */
export function feedPageQuery(
  executor: Executor,
  workspaceId: string,
  branches: readonly FeedBranch[],
  after: FeedCursor | undefined,
  limit: number,
  options: { readonly withSubjects?: boolean } = {},
) {
  const subjectJoin = options.withSubjects
    ? sql`left join lateral (
        select ${contactJson("c")} as contact
        from contacts c
        where c.workspace_id = ${workspaceId} and c.id = entry.contact_id
        limit 1
      ) as subject on true`
    : sql``;
  return executor
    .select({
      occurredMs: sql<string>`${epochMsText(sql`page.occurred_at`)}`,
      createdMs: sql<string>`${epochMsText(sql`page.created_at`)}`,
      id: sql<string>`page.id::text`,
      interaction: sql<unknown>`entry.interaction`,
      subject: options.withSubjects ? sql<unknown>`subject.contact` : sql<unknown>`null`,
    })
    .from(
      sql`(${mergedFeed(branches, after, limit, sql`feed.occurred_at, feed.created_at, feed.id`)}) as page
      left join lateral (
        select i.contact_id, ${interactionJson(workspaceId, "i")} as interaction
        from interactions i
        where i.workspace_id = ${workspaceId} and i.id = page.id
        limit 1
      ) as entry on true
      ${subjectJoin}`,
    )
    .orderBy(sql`page.occurred_at desc, page.created_at desc, page.id desc`);
}

/**
 * Builds the keyset query alone, as `feedPageQuery` embeds it: the page's
 * interaction ids with their feed times as whole epoch milliseconds in text,
 * in feed order.
 *
 * Each branch is read in its own subquery with the cursor, ORDER BY and LIMIT,
 * so its filter columns count as constants there and its feed index returns
 * rows in order. The branches are then combined with UNION ALL and merged by a
 * Merge Append under the outer ORDER BY and LIMIT: no sort of the feed.
 * A flat UNION ALL is not enough. PostgreSQL 15 then sorts the whole feed,
 * because the equality filters of a UNION ALL leaf do not make its index
 * ordered (seen with EXPLAIN on PostgreSQL 15.20).
 * DISTINCT ON, inside each branch and across them, returns an interaction that
 * two rows name only once, such as one with two parties at one company. Equal
 * rows are adjacent in feed order, so that needs no sort either. The ORDER BYs
 * use the default NULLS FIRST of DESC to match the indexes.
 */
export function feedKeysQuery(branches: readonly FeedBranch[], after: FeedCursor | undefined, limit: number): SQL {
  return mergedFeed(
    branches,
    after,
    limit,
    sql`feed.id::text as id,
      ${epochMsText(sql`feed.occurred_at`)} as occurred_ms,
      ${epochMsText(sql`feed.created_at`)} as created_ms`,
  );
}

/** A row of `feedPageQuery`: the page row's feed keys, and its entities as json, null when the join found none. */
interface PageRow {
  readonly occurredMs: string;
  readonly createdMs: string;
  readonly id: string;
  readonly interaction: unknown;
  readonly subject: unknown;
}

/**
 * Keeps the first `limit` rows and builds their entities. A row that `build`
 * returns undefined for is left out. Within the statement's one snapshot the
 * foreign keys hold, so only a row that points into another workspace, which
 * no service writes, can miss its interaction or subject. The cursor comes
 * from the page's keys, so paging goes on past such a row, and the row past
 * the limit only proves that a next page exists.
 */
function toFeedPage<Item>(rows: readonly PageRow[], limit: number, build: (row: PageRow) => Item | undefined): FeedPage<Item> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ occurredAt: new Date(Number(last.occurredMs)), createdAt: new Date(Number(last.createdMs)), id: last.id })
      : null;
  return {
    items: page.flatMap((row) => {
      const item = build(row);
      return item === undefined ? [] : [item];
    }),
    nextCursor,
  };
}

/** Selects the first `limit` distinct rows of the union of the branch pages, in feed order. */
function mergedFeed(branches: readonly FeedBranch[], after: FeedCursor | undefined, limit: number, columns: SQL): SQL {
  const union = sql.join(
    branches.map((branch) => sql`(${branchPage(branch, after, limit)})`),
    sql` union all `,
  );
  return sql`
    select distinct on (feed.occurred_at, feed.created_at, feed.id) ${columns}
    from (${union}) as feed
    order by feed.occurred_at desc, feed.created_at desc, feed.id desc
    limit ${limit}`;
}

/** Selects the first `limit` distinct rows of one branch after the cursor, in feed order. */
function branchPage(branch: FeedBranch, after: FeedCursor | undefined, limit: number): SQL {
  const afterCursor = after
    ? sql`where (row.occurred_at, row.created_at, row.id) < (${after.occurredAt.toISOString()}::timestamptz, ${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : sql``;
  return sql`
    select distinct on (row.occurred_at, row.created_at, row.id) row.occurred_at, row.created_at, row.id
    from (${branch}) as row
    ${afterCursor}
    order by row.occurred_at desc, row.created_at desc, row.id desc
    limit ${limit}`;
}
