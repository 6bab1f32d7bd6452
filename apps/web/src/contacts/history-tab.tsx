import { getInteraction, listInvolving } from "@crm/client";
import type { Interaction } from "@crm/domain";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocation, useSearchParams } from "react-router";

import { Composer } from "../interactions/composer";
import { loadDraft, restoredDraftNote } from "../interactions/composer-draft";
import {
  composerValuesFromInteraction,
  editBaseFromInteraction,
  emptyComposerValues,
} from "../interactions/composer-values";
import { FEED_PAGE_SIZE, InteractionFeed } from "../interactions/interaction-feed";
import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";

/** Renders a contact's History: the composer above every interaction that involves them. */
export function HistoryTab({ contactId }: { readonly contactId: string }) {
  const { rep, user } = useSession();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const editingId = searchParams.get("edit");
  const [pages, setPages] = useState(1);

  const feedQuery = useCallback(
    (tx: Parameters<typeof listInvolving>[0]) => listInvolving(tx, { contactId, limit: pages * FEED_PAGE_SIZE }),
    [contactId, pages],
  );
  const { data: feed, loaded } = useSubscribe(rep, feedQuery, { items: [], nextCursor: null });

  const editingQuery = useCallback(
    (tx: Parameters<typeof getInteraction>[0]) => (editingId ? getInteraction(tx, editingId) : Promise.resolve(null)),
    [editingId],
  );
  const { data: editing, loaded: editingLoaded } = useSubscribe(rep, editingQuery, null);

  const stopEditing = useCallback(() => {
    setSearchParams(
      (params) => {
        params.delete("edit");
        return params;
      },
      { replace: true },
    );
  }, [setSearchParams]);

  const startEditing = useCallback(
    (interaction: Interaction) => {
      setSearchParams((params) => {
        params.set("edit", interaction.id);
        return params;
      });
      window.scrollTo({ top: 0, behavior: "smooth" });
    },
    [setSearchParams],
  );

  const composerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (editingId) composerRef.current?.scrollIntoView({ block: "start" });
  }, [editingId]);

  const newScope = useMemo(() => ({ userId: user.id, contactId }), [user.id, contactId]);
  const emptyValues = useCallback(() => emptyComposerValues(new Date()), []);
  const newDraft = loadDraft(newScope);

  return (
    <div className="stack">
      <div ref={composerRef}>
        {editingId ? (
          editing ? (
            <EditComposer key={`${editing.id}-${location.key}`} interaction={editing} contactId={contactId} onClose={stopEditing} />
          ) : editingLoaded ? (
            <div className="panel">
              <p>This interaction no longer exists; it may have been deleted.</p>
              <div className="form-actions">
                <button type="button" className="button" onClick={stopEditing}>
                  Close
                </button>
              </div>
            </div>
          ) : null
        ) : (
          <Composer
            // A restored draft arrives with a navigation; a new key reads it afresh.
            key={`new-${contactId}-${location.key}`}
            contactId={contactId}
            mode={{ kind: "create" }}
            initialValues={newDraft?.values ?? emptyValues()}
            draftScope={newScope}
            emptyValues={emptyValues}
            onSaved={() => undefined}
            // The navigation state outlives a save, and the note belongs only with its restored text.
            note={newDraft ? restoredDraftNote(location.state) : null}
          />
        )}
      </div>

      <InteractionFeed
        label="History"
        items={feed.items}
        hasMore={feed.nextCursor !== null}
        loaded={loaded}
        onLoadMore={() => {
          setPages((count) => count + 1);
        }}
        viewedContactId={contactId}
        onEdit={startEditing}
        emptyMessage="No interactions yet. Log the first call, email, meeting or note above."
      />
    </div>
  );
}

/** Renders the composer prefilled with an interaction, or with its unsaved edit from the draft. */
function EditComposer({
  interaction,
  contactId,
  onClose,
}: {
  readonly interaction: Interaction;
  readonly contactId: string;
  readonly onClose: () => void;
}) {
  const { user } = useSession();
  const scope = useMemo(
    () => ({ userId: user.id, contactId, interactionId: interaction.id }),
    [user.id, contactId, interaction.id],
  );
  // Read once when the editor opens: the base must stay the state the user started from.
  const [opened] = useState(() => {
    const draft = loadDraft(scope);
    return {
      values: draft?.values ?? composerValuesFromInteraction(interaction),
      // Drafts stored before the base named its contact get the contact added.
      base: draft?.base ? { ...draft.base, contactId: interaction.contactId } : editBaseFromInteraction(interaction),
    };
  });
  const emptyValues = useCallback(() => composerValuesFromInteraction(interaction), [interaction]);

  return (
    <Composer
      contactId={contactId}
      mode={{ kind: "edit", interactionId: interaction.id, base: opened.base }}
      initialValues={opened.values}
      draftScope={scope}
      emptyValues={emptyValues}
      onSaved={onClose}
      onCancel={onClose}
    />
  );
}
