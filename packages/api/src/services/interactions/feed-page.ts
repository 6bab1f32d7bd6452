import { queryRows, type Executor } from "@crm/db";
import { decodeCursor, encodeCursor, type FeedCursor } from "@crm/domain";
import { sql, type SQL } from "drizzle-orm";

/**
 * One source of feed rows: a SELECT of `occurred_at, created_at, id` (the
 * interaction's id) over one table, filtered so an index on
 * (workspace_id, <filter column>, occurred_at desc, created_at desc, id desc)
 * can deliver its rows in feed order.
 */
export type FeedBranch = SQL;

export interface FeedKeysPage {
  /** Interaction ids in feed order, each once. */
  readonly ids: readonly string[];
  readonly nextCursor: string | null;
}

export interface FeedPageOptions {
  readonly limit: number;
  readonly cursor?: string | null | undefined;
}

/**
 * Reads one page of interaction ids from the union of `branches`, newest first
 * by (occurred_at, created_at, id), starting after the cursor.
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
export async function queryFeedKeys(
  executor: Executor,
  branches: readonly FeedBranch[],
  options: FeedPageOptions,
): Promise<FeedKeysPage> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  if (branches.length === 0) return { ids: [], nextCursor: null };

  const rows = await queryRows<FeedKeyRow>(executor, feedKeysQuery(branches, after, options.limit + 1));

  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > options.limit && last ? encodeCursor(toFeedCursor(last)) : null;
  return { ids: page.map((row) => row.id), nextCursor };
}

/** Builds the keyset query of `queryFeedKeys`; exported so tests can EXPLAIN it. */
export function feedKeysQuery(branches: readonly FeedBranch[], after: FeedCursor | undefined, limit: number): SQL {
  const union = sql.join(
    branches.map((branch) => sql`(${branchPage(branch, after, limit)})`),
    sql` union all `,
  );

  // Times leave as whole epoch milliseconds in text, because the two drivers
  // return timestamptz values in different forms.
  return sql`
    select distinct on (feed.occurred_at, feed.created_at, feed.id)
      feed.id::text as id,
      (extract(epoch from feed.occurred_at) * 1000)::bigint::text as occurred_ms,
      (extract(epoch from feed.created_at) * 1000)::bigint::text as created_ms
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

interface FeedKeyRow extends Record<string, unknown> {
  readonly id: string;
  readonly occurred_ms: string;
  readonly created_ms: string;
}

function toFeedCursor(row: FeedKeyRow): FeedCursor {
  return {
    occurredAt: new Date(Number(row.occurred_ms)),
    createdAt: new Date(Number(row.created_ms)),
    id: row.id,
  };
}
