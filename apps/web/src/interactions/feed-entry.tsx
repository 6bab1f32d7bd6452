import type { Contact, Interaction, Party, Snapshot } from "@crm/domain";
import { Link } from "react-router";

import { formatDateTime, formatInZone, userTimeZone } from "../lib/local-time";
import { INTERACTION_TYPE_LABELS, TypeIcon } from "../ui/type-icon";
import { formatBytes } from "./file-limits";
import { snapshotDetail } from "./snapshot-detail";

export interface FeedEntryProps {
  readonly interaction: Interaction & { readonly contact?: Contact | null };
  /**
   * The contact whose page shows the feed. When it is only a party, the entry
   * names the subject ("with Ada Lovelace"); on a company feed (no viewed
   * contact) the subject is always named.
   */
  readonly viewedContactId: string | null;
  /** A mutation for this interaction has not reached the server yet. */
  readonly pending: boolean;
  /** The signed-in user owns it or is an admin. */
  readonly canModify: boolean;
  readonly onEdit: (interaction: Interaction) => void;
  readonly onDelete: (interaction: Interaction) => void;
}

/** Renders one interaction in a feed. Text is rendered as text, never as HTML. */
export function FeedEntry({ interaction, viewedContactId, pending, canModify, onEdit, onDelete }: FeedEntryProps) {
  const headingId = `interaction-${interaction.id}`;
  const subjectName = interaction.contact?.name ?? interaction.subjectSnapshot.name;
  const showSubject = viewedContactId === null || interaction.contactId.toLowerCase() !== viewedContactId.toLowerCase();
  const loggedElsewhere = interaction.timeZone !== null && interaction.timeZone !== userTimeZone();
  const title = interaction.subject ?? `${INTERACTION_TYPE_LABELS[interaction.type]} with ${subjectName}`;

  return (
    <article className={pending ? "feed-entry feed-entry--pending" : "feed-entry"} aria-labelledby={headingId}>
      <div className="feed-entry__head">
        <span className={`feed-entry__type feed-entry__type--${interaction.type}`}>
          <TypeIcon type={interaction.type} />
          {INTERACTION_TYPE_LABELS[interaction.type]}
        </span>
        <time
          className="feed-entry__time"
          dateTime={interaction.occurredAt.toISOString()}
          title={
            loggedElsewhere && interaction.timeZone
              ? `${formatInZone(interaction.occurredAt, interaction.timeZone) ?? ""} (${interaction.timeZone})`
              : undefined
          }
        >
          {formatDateTime(interaction.occurredAt)}
        </time>
        {showSubject ? (
          <span className="feed-entry__with">
            {viewedContactId === null ? "" : "with "}
            <Link to={`/contacts/${interaction.contactId}`}>{subjectName}</Link>
          </span>
        ) : null}
        {pending ? (
          <span className="feed-entry__pending" title="Saved on this device; it will be sent when the connection allows">
            Not yet synced
          </span>
        ) : null}
        {canModify ? (
          <span className="feed-entry__actions">
            <button
              type="button"
              className="button button--small"
              aria-label={`Edit ${title}`}
              onClick={() => {
                onEdit(interaction);
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              aria-label={`Delete ${title}`}
              onClick={() => {
                onDelete(interaction);
              }}
            >
              Delete
            </button>
          </span>
        ) : null}
      </div>

      <h3 id={headingId} className={interaction.subject ? "feed-entry__subject" : "visually-hidden"}>
        {title}
      </h3>
      {interaction.body ? <p className="feed-entry__body">{interaction.body}</p> : null}

      {interaction.parties.length > 0 ? (
        <ul className="party-badges" aria-label="Parties">
          {interaction.parties.map((party) => (
            <li key={party.id}>
              <PartyBadge party={party} />
            </li>
          ))}
        </ul>
      ) : null}

      {interaction.files.length > 0 ? (
        <ul className="attachments" aria-label="Attachments">
          {interaction.files.map((file) => (
            <li key={file.id}>
              <a href={`/files/${file.id}`} download={file.filename}>
                {file.filename}
                <span className="muted">{formatBytes(file.size)}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** Renders a party as it was when logged: the as-of-then name and detail, linked to the current record. */
function PartyBadge({ party }: { readonly party: Party }) {
  const name = snapshotName(party.snapshot) ?? party.rawName;
  const detail = snapshotDetail(party.snapshot);
  const content = (
    <>
      <span>{name}</span>
      {detail ? <span className="party-badge__detail">{detail}</span> : null}
    </>
  );

  if (party.contactId) {
    return (
      <Link className="party-badge" to={`/contacts/${party.contactId}`}>
        {content}
      </Link>
    );
  }
  if (party.staffPersonId) {
    return (
      <Link className="party-badge" to={`/staff/${party.staffPersonId}`}>
        {content}
      </Link>
    );
  }
  return <span className="party-badge">{content}</span>;
}

function snapshotName(snapshot: Snapshot): string | null {
  return snapshot.source === "free_text" ? null : snapshot.name;
}

