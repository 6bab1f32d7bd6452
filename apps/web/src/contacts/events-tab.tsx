import { listInvolving } from "@crm/client";
import { FEED_LIMIT_DEFAULT, INTERACTION_ACTIVITY_RESOURCE_TYPE } from "@crm/domain";
import { useCallback, useEffect, useState } from "react";
import type { ReadTransaction } from "replicache";

import { formatDateTime } from "../lib/local-time";
import { useSubscribe } from "../lib/use-subscribe";
import { api, errorMessage, type ApiClient } from "../session/api-client";
import { useSession } from "../session/session-context";

type ActivityPage = Awaited<ReturnType<ApiClient["activity"]["list"]["query"]>>;
type ActivityItem = ActivityPage["items"][number];

const ACTION_LABELS: Readonly<Record<string, string>> = {
  "interaction.logged": "Interaction logged",
  "interaction.updated": "Interaction edited",
  "interaction.deleted": "Interaction deleted",
};

/**
 * Lists the contact's audit log, newest first, from the server. The log is
 * not part of the replica, so this tab needs a connection. It loads again
 * whenever the contact's feed changes in the replica: a local edit, or a pull
 * after a poke brought someone else's.
 */
export function EventsTab({ contactId }: { readonly contactId: string }) {
  const { rep, online, user } = useSession();
  const [loaded, setLoaded] = useState<{ readonly contactId: string; readonly items: readonly ActivityItem[] } | null>(
    null,
  );
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // NOTE: only the newest page of the feed is watched, so an edit to an older interaction shows on the next load.
  const feedVersionQuery = useCallback(
    async (tx: ReadTransaction) => {
      const page = await listInvolving(tx, { contactId, limit: FEED_LIMIT_DEFAULT });
      return page.items.map((item) => `${item.id}@${item.updatedAt.toISOString()}`).join(",");
    },
    [contactId],
  );
  const { data: feedVersion, loaded: feedLoaded } = useSubscribe(rep, feedVersionQuery, "");

  useEffect(() => {
    // Waiting for the feed saves a second request when the tab opens.
    if (!online || !feedLoaded) return;
    let current = true;
    api.activity.list
      .query({ resourceType: INTERACTION_ACTIVITY_RESOURCE_TYPE, resourceId: contactId })
      .then(
        (page) => {
          if (!current) return;
          setLoaded({ contactId, items: page.items });
          setNextCursor(page.nextCursor);
          setError(null);
        },
        (caught: unknown) => {
          if (!current) return;
          setError(errorMessage(caught));
        },
      );
    return () => {
      current = false;
    };
  }, [contactId, online, feedLoaded, feedVersion]);

  const items = loaded?.contactId === contactId ? loaded.items : null;

  async function loadMore() {
    if (!nextCursor) return;
    try {
      const page = await api.activity.list.query({
        resourceType: INTERACTION_ACTIVITY_RESOURCE_TYPE,
        resourceId: contactId,
        cursor: nextCursor,
      });
      setLoaded((current) => current && { ...current, items: [...current.items, ...page.items] });
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  if (!online) {
    return <p className="empty-state">Events are available online. They will show here when the connection is back.</p>;
  }
  if (items === null && error !== null) {
    return (
      <p className="form-error" role="alert">
        Events could not be loaded: {error}
      </p>
    );
  }
  if (items === null) return <p className="loading">Loading events…</p>;
  if (items.length === 0) return <p className="empty-state">No events yet.</p>;

  return (
    <section aria-label="Events">
      <div className="table-wrap">
        <table className="table" aria-label="Events">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Details</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.createdAt)}</td>
                <td>{ACTION_LABELS[item.action] ?? item.action}</td>
                <td>{describe(item)}</td>
                <td>{actorLabel(item, user.id)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {nextCursor ? (
        <div className="feed-more">
          <button type="button" className="button" onClick={() => void loadMore()}>
            Load more
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** Type and subject, the fields changed and the parties added or removed, from the entry's metadata. */
function describe(item: ActivityItem): string {
  const metadata = item.metadata as {
    type?: unknown;
    subject?: unknown;
    changedFields?: unknown;
    partiesAdded?: unknown;
    partiesRemoved?: unknown;
  };
  const parts: string[] = [];
  const title = [metadata.type, metadata.subject].filter((part) => typeof part === "string" && part !== "").join(": ");
  if (title) parts.push(title);
  if (Array.isArray(metadata.changedFields) && metadata.changedFields.length > 0) {
    parts.push(`changed ${metadata.changedFields.map(String).join(", ")}`);
  }
  const names = (list: unknown): string[] =>
    Array.isArray(list)
      ? list.flatMap((party: unknown) => {
          const rawName = typeof party === "object" && party !== null ? (party as { rawName?: unknown }).rawName : undefined;
          return typeof rawName === "string" && rawName !== "" ? [rawName] : [];
        })
      : [];
  const added = names(metadata.partiesAdded);
  const removed = names(metadata.partiesRemoved);
  if (added.length > 0) parts.push(`added ${added.join(", ")}`);
  if (removed.length > 0) parts.push(`removed ${removed.join(", ")}`);
  return parts.join(" · ");
}

/**
 * Names the actor of an entry: "You" for the signed-in user, else the user's
 * name. Every entry is written with its actor, so one without a name belongs
 * to a user who was deleted since.
 */
function actorLabel(item: ActivityItem, userId: string): string {
  if (item.actorUserId === userId) return "You";
  return item.actorName ?? "Deleted user";
}
