import { listContactMemberships, searchContacts } from "@crm/client";
import { contactDisplayName, SEARCH_LIMIT_MAX, type Contact } from "@crm/domain";
import { useCallback, useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { ReadTransaction } from "replicache";

import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { ContactForm } from "./contact-form";

interface ContactRow {
  readonly contact: Contact;
  readonly companyId: string | null;
  readonly company: string | null;
  readonly role: string | null;
}

/** Contacts with instant search over the replica, and a button to create one. */
export function ContactsPage() {
  const { rep } = useSession();
  const navigate = useNavigate();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);

  const rowsQuery = useCallback(
    async (tx: ReadTransaction): Promise<readonly ContactRow[]> => {
      const contacts = await searchContacts(tx, query, { limit: SEARCH_LIMIT_MAX });
      return Promise.all(
        contacts.map(async (contact) => {
          const [primary] = await listContactMemberships(tx, contact.id);
          return {
            contact,
            companyId: primary?.membership.companyId ?? null,
            company: primary?.company?.name ?? null,
            role: primary?.membership.roleInCompany ?? null,
          };
        }),
      );
    },
    [query],
  );
  const { data: rows, loaded } = useSubscribe(rep, rowsQuery, []);

  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <h1>Contacts</h1>
        </div>
        <div className="page-header__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setCreating(true);
            }}
          >
            New contact
          </button>
        </div>
      </div>

      <div className="panel">
        <div className="field search">
          <label htmlFor={searchId}>Search contacts</label>
          <input
            id={searchId}
            className="input"
            type="search"
            placeholder="Name or email"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
            }}
          />
        </div>
        <p className="visually-hidden" aria-live="polite">
          {loaded ? `${rows.length} contact${rows.length === 1 ? "" : "s"} found` : ""}
        </p>

        {loaded && rows.length === 0 ? (
          <p className="empty-state">
            {query.trim() ? `No contacts match “${query.trim()}”.` : "No contacts yet. Create the first one."}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Contacts">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Company</th>
                  <th scope="col">Email</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ contact, companyId, company, role }) => (
                  <tr key={contact.id}>
                    <td>
                      <Link to={`/contacts/${contact.id}`}>{contactDisplayName(contact)}</Link>
                    </td>
                    <td>
                      {companyId && company ? <Link to={`/companies/${companyId}`}>{company}</Link> : null}
                      {role ? <span className="muted small"> · {role}</span> : null}
                    </td>
                    <td>{contact.email}</td>
                    <td>{contact.phone}</td>
                    <td>
                      <span className={`status status--${contact.status}`}>{contact.status}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length >= SEARCH_LIMIT_MAX ? (
              <p className="field-hint">Showing the first {SEARCH_LIMIT_MAX}; search to narrow the list.</p>
            ) : null}
          </div>
        )}
      </div>

      {creating ? (
        <ContactForm
          onClose={() => {
            setCreating(false);
          }}
          onSaved={(id) => {
            setCreating(false);
            void navigate(`/contacts/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
