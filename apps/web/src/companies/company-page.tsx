import { getCompany, listForCompany, listMembers } from "@crm/client";
import { contactDisplayName, type CompanyFeedScope, type Interaction } from "@crm/domain";
import { useCallback, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { ReadTransaction } from "replicache";

import { FEED_PAGE_SIZE, InteractionFeed } from "../interactions/interaction-feed";
import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { CompanyForm } from "./company-form";

const SCOPES: readonly { readonly id: CompanyFeedScope; readonly label: string; readonly hint: string }[] = [
  { id: "members", label: "Members", hint: "Interactions about the company's current members" },
  { id: "involving", label: "Involving", hint: "Interactions where a current member is the subject or a party" },
  { id: "asOfThen", label: "As of then", hint: "Interactions that recorded this company at the time, even for people who have left" },
];

/** Renders one company: details, members, and the company feed with its scope filter. */
export function CompanyPage() {
  const { companyId = "" } = useParams();
  const { rep } = useSession();
  const navigate = useNavigate();
  const [scope, setScope] = useState<CompanyFeedScope>("members");
  const [pages, setPages] = useState(1);
  const [editing, setEditing] = useState(false);

  const companyQuery = useCallback(
    async (tx: ReadTransaction) => ({ company: await getCompany(tx, companyId), members: await listMembers(tx, companyId) }),
    [companyId],
  );
  const { data, loaded } = useSubscribe(rep, companyQuery, { company: null, members: [] });

  const feedQuery = useCallback(
    (tx: ReadTransaction) => listForCompany(tx, { companyId, scope, limit: pages * FEED_PAGE_SIZE }),
    [companyId, scope, pages],
  );
  const { data: feed, loaded: feedLoaded } = useSubscribe(rep, feedQuery, { items: [], nextCursor: null });

  const editInteraction = useCallback(
    (interaction: Interaction) => {
      void navigate(`/contacts/${interaction.contactId}?tab=history&edit=${interaction.id}`);
    },
    [navigate],
  );

  const { company, members } = data;
  if (!company) {
    return loaded ? (
      <div className="panel">
        <h1>Company not found</h1>
        <p className="muted">It may have been deleted, or it has not reached this device yet.</p>
        <p>
          <Link to="/companies">Back to companies</Link>
        </p>
      </div>
    ) : (
      <p className="loading">Loading…</p>
    );
  }

  const activeScope = SCOPES.find((candidate) => candidate.id === scope);
  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <p className="small">
            <Link to="/companies">Companies</Link>
          </p>
          <h1>{company.name}</h1>
          <div className="row muted small">
            {company.industry ? <span>{company.industry}</span> : null}
            {company.website ? <span>{company.website}</span> : null}
            {company.email ? <a href={`mailto:${company.email}`}>{company.email}</a> : null}
            {company.phone ? <span>{company.phone}</span> : null}
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
            Edit company
          </button>
        </div>
      </div>

      <div className="two-columns">
        <section aria-labelledby="company-feed-heading">
          <div className="feed-toolbar">
            <h2 id="company-feed-heading">History</h2>
            <div className="segmented" role="group" aria-label="Which interactions">
              {SCOPES.map((candidate) => (
                <button
                  key={candidate.id}
                  type="button"
                  aria-pressed={scope === candidate.id}
                  title={candidate.hint}
                  onClick={() => {
                    setScope(candidate.id);
                    setPages(1);
                  }}
                >
                  {candidate.label}
                </button>
              ))}
            </div>
          </div>
          <p className="field-hint">{activeScope?.hint}</p>
          <InteractionFeed
            label="Company history"
            items={feed.items}
            hasMore={feed.nextCursor !== null}
            loaded={feedLoaded}
            onLoadMore={() => {
              setPages((count) => count + 1);
            }}
            viewedContactId={null}
            onEdit={editInteraction}
            emptyMessage="No interactions in this view yet."
          />
        </section>

        <aside className="stack">
          <section className="panel" aria-labelledby="members-heading">
            <h2 id="members-heading" className="panel__header">
              Members
            </h2>
            {members.length === 0 ? (
              <p className="muted">No members yet. Add a contact to this company from the contact's page.</p>
            ) : (
              <ul className="membership-list" aria-label="Members">
                {members.map(({ membership, contact }) => (
                  <li key={membership.id}>
                    <div>
                      <div className="row">
                        <Link to={`/contacts/${contact.id}`}>{contactDisplayName(contact)}</Link>
                        {membership.isPrimary ? <span className="badge-primary">Primary</span> : null}
                      </div>
                      <div className="muted small">
                        {[membership.roleInCompany, membership.department].filter(Boolean).join(" · ") ||
                          "No role or department"}
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {company.address || company.notes ? (
            <section className="panel" aria-labelledby="company-details-heading">
              <h2 id="company-details-heading" className="panel__header">
                Details
              </h2>
              <dl className="details">
                {company.address ? (
                  <>
                    <dt>Address</dt>
                    <dd>{company.address}</dd>
                  </>
                ) : null}
                {company.notes ? (
                  <>
                    <dt>Notes</dt>
                    <dd>{company.notes}</dd>
                  </>
                ) : null}
              </dl>
            </section>
          ) : null}
        </aside>
      </div>

      {editing ? (
        <CompanyForm
          company={company}
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
