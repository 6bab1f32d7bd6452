import { activityEntries, users, type ActivityEntryRow, type Executor } from "@crm/db";
import {
  activityListInputSchema,
  decodeCursor,
  encodeCursor,
  fieldErrorsFromZod,
  isId,
  validationError,
  type ActivityAction,
  type ActivityEntry,
  type ActivityListInput,
  type FeedPage,
  type JsonObject,
} from "@crm/domain";
import { and, desc, eq, sql } from "drizzle-orm";

import type { Actor, ServiceContext } from "../context";
import { executePrepared } from "./prepared-query";

/** An audit log entry to write. Its `metadata` must never contain an interaction body. */
export interface NewActivityEntry {
  readonly id: string;
  readonly workspaceId: string;
  readonly actorUserId: string | null;
  readonly action: ActivityAction;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly metadata: JsonObject;
  readonly createdAt: Date;
}

/** An audit log entry as listed, with the name of the user who acted. */
export interface ListedActivityEntry extends ActivityEntry {
  /** The actor's current name, or null when there is no actor or the user was deleted. */
  readonly actorName: string | null;
}

/** Writes an audit log entry inside the caller's transaction, so it commits or rolls back with the change. */
export async function recordActivity(tx: Executor, entry: NewActivityEntry): Promise<void> {
  await executePrepared(tx.insert(activityEntries).values(entry), "insert_activity_entry");
}

/**
 * Lists the audit log entries of one resource in the actor's workspace, newest
 * first, keyset-paged on (createdAt, id), each with its actor's name. A
 * malformed resource id, or one from another workspace, gives an empty page.
 */
export async function listActivity(
  services: ServiceContext,
  actor: Actor,
  input: ActivityListInput,
): Promise<FeedPage<ListedActivityEntry>> {
  if (!isId(input.resourceId)) return { items: [], nextCursor: null };
  const parsed = activityListInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(fieldErrorsFromZod(parsed.error));
  const { resourceType, resourceId, limit, cursor } = parsed.data;
  const after = cursor ? decodeCursor(cursor) : undefined;

  const rows = await services.db
    .select({ entry: activityEntries, actorName: users.name })
    .from(activityEntries)
    // The workspace condition keeps a user of another workspace from naming an entry.
    .leftJoin(users, and(eq(users.id, activityEntries.actorUserId), eq(users.workspaceId, activityEntries.workspaceId)))
    .where(
      and(
        eq(activityEntries.workspaceId, actor.workspaceId),
        eq(activityEntries.resourceType, resourceType),
        eq(activityEntries.resourceId, resourceId),
        after
          ? sql`(${activityEntries.createdAt}, ${activityEntries.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    // Matches activity_entries_resource_idx (created_at desc nulls first, id desc nulls first).
    .orderBy(desc(activityEntries.createdAt), desc(activityEntries.id))
    .limit(limit + 1);

  const items = rows
    .slice(0, limit)
    .map(({ entry, actorName }) => ({ ...toActivityEntry(entry), actorName }));
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ occurredAt: last.createdAt, createdAt: last.createdAt, id: last.id })
      : null;
  return { items, nextCursor };
}

function toActivityEntry(row: ActivityEntryRow): ActivityEntry {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    actorUserId: row.actorUserId,
    // recordActivity, the only writer of this table, accepts only ActivityAction values.
    action: row.action as ActivityAction,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    metadata: row.metadata,
    createdAt: row.createdAt,
  };
}
