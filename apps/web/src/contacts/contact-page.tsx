import { getContact } from "@crm/client";
import { contactDisplayName } from "@crm/domain";
import { useCallback, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { ReadTransaction } from "replicache";

import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { ContactForm } from "./contact-form";
import { EventsTab } from "./events-tab";
import { FilesTab } from "./files-tab";
import { HistoryTab } from "./history-tab";
import { MembershipPanel } from "./membership-panel";

const TABS = [
  { id: "history", label: "History" },
  { id: "events", label: "Events" },
  { id: "files", label: "Files" },
] as const;
type TabId = (typeof TABS)[number]["id"];

/** Renders one contact: details, companies, and the History, Events and Files tabs. */
export function ContactPage() {
  const { contactId = "" } = useParams();
  const { rep } = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const tab: TabId = TABS.find((candidate) => candidate.id === searchParams.get("tab"))?.id ?? "history";

  const query = useCallback((tx: ReadTransaction) => getContact(tx, contactId), [contactId]);
  const { data: contact, loaded } = useSubscribe(rep, query, null);

  if (!contact) {
    return loaded ? (
      <div className="panel">
        <h1>Contact not found</h1>
        <p className="muted">It may have been deleted, or it has not reached this device yet.</p>
        <p>
          <Link to="/contacts">Back to contacts</Link>
        </p>
      </div>
    ) : (
      <p className="loading">Loading…</p>
    );
  }

  const name = contactDisplayName(contact);
  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <p className="small">
            <Link to="/contacts">Contacts</Link>
          </p>
          <h1>{name}</h1>
          <div className="row muted small">
            <span className={`status status--${contact.status}`}>{contact.status}</span>
            {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
            {contact.phone ? <span>{contact.phone}</span> : null}
          </div>
        </div>
        <div className="page-header__actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              setEditing(true);
            }}
          >
            Edit contact
          </button>
          {contact.status === "trashed" ? (
            <button type="button" className="button" onClick={() => void rep.mutate.restoreContact({ id: contact.id })}>
              Restore
            </button>
          ) : (
            <button
              type="button"
              className="button button--danger"
              onClick={() => void rep.mutate.trashContact({ id: contact.id })}
            >
              Move to trash
            </button>
          )}
        </div>
      </div>

      <div className="two-columns">
        <div>
          <div className="tabs" role="tablist" aria-label="Contact sections">
            {TABS.map((candidate) => (
              <button
                key={candidate.id}
                type="button"
                role="tab"
                id={`tab-${candidate.id}`}
                aria-selected={tab === candidate.id}
                aria-controls={`panel-${candidate.id}`}
                onClick={() => {
                  setSearchParams({ tab: candidate.id }, { replace: true });
                }}
              >
                {candidate.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === "history" ? <HistoryTab key={contact.id} contactId={contact.id} /> : null}
            {tab === "events" ? <EventsTab key={contact.id} contactId={contact.id} /> : null}
            {tab === "files" ? <FilesTab key={contact.id} contactId={contact.id} /> : null}
          </div>
        </div>

        <aside className="stack">
          <MembershipPanel contactId={contact.id} />
          <section className="panel" aria-labelledby="details-heading">
            <h2 id="details-heading" className="panel__header">
              Details
            </h2>
            <dl className="details">
              <dt>Email</dt>
              <dd>{contact.email ?? "—"}</dd>
              <dt>Phone</dt>
              <dd>{contact.phone ?? "—"}</dd>
              <dt>Notes</dt>
              <dd>{contact.notes ?? "—"}</dd>
            </dl>
          </section>
        </aside>
      </div>

      {editing ? (
        <ContactForm
          contact={contact}
          onClose={() => {
            setEditing(false);
          }}
          onSaved={() => {
            setEditing(false);
          }}
        />
      ) : null}
    </>
  );
}
