import { canModifyInteraction, type Contact, type Interaction } from "@crm/domain";
import { useEffect, useRef, useState } from "react";

import { useSession, useSyncStatus } from "../session/session-context";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { FeedEntry } from "./feed-entry";

/** Entries a page of a feed adds. */
export const FEED_PAGE_SIZE = 50;

export interface InteractionFeedProps {
  readonly items: readonly (Interaction & { readonly contact?: Contact | null })[];
  readonly hasMore: boolean;
  readonly loaded: boolean;
  readonly onLoadMore: () => void;
  /** See `FeedEntryProps.viewedContactId`. */
  readonly viewedContactId: string | null;
  readonly onEdit: (interaction: Interaction) => void;
  readonly emptyMessage: string;
  readonly label: string;
}

/**
 * Renders a paged feed: the first page, then one more each time "Load more" is
 * used or scrolled into view. Deleting needs a confirmation.
 */
export function InteractionFeed({
  items,
  hasMore,
  loaded,
  onLoadMore,
  viewedContactId,
  onEdit,
  emptyMessage,
  label,
}: InteractionFeedProps) {
  const { rep, user } = useSession();
  const status = useSyncStatus(rep);
  const [deleting, setDeleting] = useState<Interaction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);

  // Scrolling the end of the feed into view loads the next page; the button does the same by hand.
  const loadMoreRef = useRef(onLoadMore);
  useEffect(() => {
    loadMoreRef.current = onLoadMore;
  }, [onLoadMore]);
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore || !loaded) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadMoreRef.current();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [hasMore, loaded, items.length]);

  async function confirmDelete() {
    const target = deleting;
    setDeleting(null);
    if (!target) return;
    try {
      await rep.mutate.deleteInteraction({ id: target.id });
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? `Could not delete: ${caught.message}` : "Could not delete; try again.");
    }
  }

  if (loaded && items.length === 0) {
    return <p className="empty-state">{emptyMessage}</p>;
  }

  return (
    <section aria-label={label}>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <ol className="feed">
        {items.map((interaction) => (
          <li key={interaction.id}>
            <FeedEntry
              interaction={interaction}
              viewedContactId={viewedContactId}
              pending={status.pendingInteractionIds.has(interaction.id.toLowerCase())}
              canModify={canModifyInteraction({ userId: user.id, role: user.role }, interaction)}
              onEdit={onEdit}
              onDelete={setDeleting}
            />
          </li>
        ))}
      </ol>
      {hasMore ? (
        <div className="feed-more" ref={sentinel}>
          <button type="button" className="button" onClick={onLoadMore}>
            Load more
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this interaction?"
        message={`“${deleting?.subject ?? "This interaction"}” and its attachments will be deleted for everyone. This cannot be undone.`}
        confirmLabel="Delete"
        onCancel={() => {
          setDeleting(null);
        }}
        onConfirm={() => void confirmDelete()}
      />
    </section>
  );
}
