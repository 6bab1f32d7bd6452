import { getInteraction, listFailures, type ReplicaFailure } from "@crm/client";
import { useCallback } from "react";
import { useNavigate } from "react-router";

import { saveDraft } from "../interactions/composer-draft";
import { composerValuesFromFailedArgs, type EditBase } from "../interactions/composer-values";
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

  // The failed text moves into the composer's draft, so the notice is no longer needed.
  const openInComposer = useCallback(async () => {
    if (!values) return;
    const args = failure.args as { interaction?: { contactId?: string }; id?: string; base?: EditBase };
    if (failure.name === "createInteraction" && args.interaction?.contactId) {
      const contactId = args.interaction.contactId;
      saveDraft({ userId: user.id, contactId }, values, null);
      await dismiss();
      await navigate(`/contacts/${contactId}?tab=history`, { state: { restoredAt: Date.now() } });
      return;
    }
    if (failure.name === "updateInteraction" && args.id && args.base) {
      const interactionId = args.id;
      const interaction = await rep.query((tx) => getInteraction(tx, interactionId));
      if (!interaction) return;
      saveDraft({ userId: user.id, contactId: interaction.contactId, interactionId }, values, args.base);
      await dismiss();
      await navigate(`/contacts/${interaction.contactId}?tab=history&edit=${interactionId}`, {
        state: { restoredAt: Date.now() },
      });
    }
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
