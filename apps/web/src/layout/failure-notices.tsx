import { getInteraction, listFailures, type CrmReplicache, type ReplicaFailure } from "@crm/client";
import { useCallback, useState } from "react";
import { useNavigate } from "react-router";

import { loadDraft, saveDraft, type RestoredDraftState } from "../interactions/composer-draft";
import { composerValuesFromFailedArgs, hasContent, type EditBase } from "../interactions/composer-values";
import { useSubscribe } from "../lib/use-subscribe";
import { formatDateTime } from "../lib/local-time";
import { useSession } from "../session/session-context";

const EDIT_LABELS: Readonly<Record<string, string>> = {
  createInteraction: "Logging an interaction",
  updateInteraction: "Editing an interaction",
  deleteInteraction: "Deleting an interaction",
  createContact: "Creating a contact",
  updateContact: "Editing a contact",
  trashContact: "Moving a contact to the trash",
  restoreContact: "Restoring a contact",
  createCompany: "Creating a company",
  updateCompany: "Editing a company",
  addMembership: "Adding a company membership",
  updateMembership: "Editing a company membership",
  removeMembership: "Removing a company membership",
  createStaffPerson: "Adding a staff person",
  updateStaffPerson: "Editing a staff person",
  trashStaffPerson: "Moving a staff person to the trash",
  restoreStaffPerson: "Restoring a staff person",
};

/**
 * Shows one notice per edit the server rejected, with the reason. The user's
 * text stays in the notice and can be reopened in the composer to fix and retry.
 */
export function FailureNotices() {
  const { rep } = useSession();
  const { data: failures } = useSubscribe(rep, listFailures, []);
  if (failures.length === 0) return null;

  return (
    <section className="notices" aria-label="Changes the server rejected" aria-live="polite">
      {failures.map((failure) => (
        <FailureNotice key={`${failure.clientID}/${failure.mutationID}`} failure={failure} />
      ))}
    </section>
  );
}

function FailureNotice({ failure }: { readonly failure: ReplicaFailure }) {
  const { rep, user } = useSession();
  const navigate = useNavigate();
  const label = EDIT_LABELS[failure.name] ?? `The change "${failure.name}"`;
  const values = composerValuesFromFailedArgs(failure.name, failure.args);

  const dismiss = useCallback(async () => {
    await rep.mutate.dismissFailure({ clientID: failure.clientID, mutationID: failure.mutationID });
  }, [rep, failure.clientID, failure.mutationID]);

  const [problem, setProblem] = useState<string | null>(null);

  // The failed text moves into the composer's draft. The notice is dismissed only once the draft contains it.
  const openInComposer = useCallback(async () => {
    if (!values) return;
    const target = await composerTarget(rep, failure);
    if (!target) {
      setProblem("The contact of this interaction is not known. Copy your text from above before dismissing.");
      return;
    }

    const scope = { userId: user.id, ...target.scope };
    const waiting = loadDraft(scope);
    if (waiting && hasContent(waiting.values)) {
      setProblem("The composer there has unsaved text. Save or clear it, then open this again.");
      return;
    }
    if (!saveDraft(scope, values, target.base)) {
      setProblem("The browser's storage is full or disabled. Copy your text from above before dismissing.");
      return;
    }

    const state: RestoredDraftState = { restoredAt: Date.now(), ...(target.note ? { note: target.note } : {}) };
    await navigate(target.path, { state });
    await dismiss();
  }, [values, failure, user.id, rep, dismiss, navigate]);

  return (
    <div className="notice" role="alert">
      <div className="notice__text">
        <p className="notice__title">{label} was not saved</p>
        <p>{failure.reason}</p>
        <p className="muted small">Rejected by the server at {formatDateTime(failure.at)}</p>
        {values && (values.subject || values.body) ? (
          <details>
            <summary>Your text</summary>
            {values.subject ? <p className="feed-entry__subject">{values.subject}</p> : null}
            {values.body ? <p className="feed-entry__body">{values.body}</p> : null}
          </details>
        ) : null}
        {problem ? <p className="field-warning">{problem}</p> : null}
      </div>
      <div className="row">
        {values ? (
          <button type="button" className="button button--primary button--small" onClick={() => void openInComposer()}>
            Open in composer
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={() => void dismiss()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

const DELETED_NOTE = "The interaction you edited was deleted, so your text is here to log as a new interaction.";

/** The composer that a failed interaction's text goes back to. */
interface ComposerTarget {
  readonly scope: { readonly contactId: string; readonly interactionId?: string };
  /** The edit's base, or null for a new interaction. */
  readonly base: EditBase | null;
  readonly path: string;
  readonly note: string | null;
}

/** Returns the composer for a failed interaction's text, or null when its contact is not known. */
async function composerTarget(rep: CrmReplicache, failure: ReplicaFailure): Promise<ComposerTarget | null> {
  const args = failure.args as { interaction?: { contactId?: string }; id?: string; base?: EditBase };
  if (failure.name === "createInteraction" && args.interaction?.contactId) {
    const contactId = args.interaction.contactId;
    return { scope: { contactId }, base: null, path: historyPath(contactId), note: null };
  }
  if (failure.name !== "updateInteraction" || !args.id || !args.base) return null;

  const interactionId = args.id;
  const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
  if (interaction) {
    return {
      scope: { contactId: interaction.contactId, interactionId },
      base: args.base,
      path: `${historyPath(interaction.contactId)}&edit=${interactionId}`,
      note: null,
    };
  }

  // The interaction was deleted, so the edited text becomes a new interaction of the same subject contact.
  const contactId = args.base.contactId;
  if (!contactId) return null;
  return { scope: { contactId }, base: null, path: historyPath(contactId), note: DELETED_NOTE };
}

function historyPath(contactId: string): string {
  return `/contacts/${contactId}?tab=history`;
}
