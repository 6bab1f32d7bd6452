import { companyFromReplica, listMembers, readAll } from "@crm/client";
import type { Company } from "@crm/domain";
import { useCallback, useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { ReadTransaction } from "replicache";

import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { CompanyForm } from "./company-form";

/** The maximum number of companies the list shows; a search narrows it. */
const LIST_LIMIT = 200;

/** Lists companies with instant search over the replica. */
export function CompaniesPage() {
  const { rep } = useSession();
  const navigate = useNavigate();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);

  const rowsQuery = useCallback(
    async (tx: ReadTransaction) => {
      const needle = query.trim().toLowerCase();
      const companies: Company[] = (await readAll(tx, "company"))
        .filter((company) => company.status !== "trashed")
        .filter(
          (company) =>
            needle === "" ||
            company.name.toLowerCase().includes(needle) ||
            (company.email?.toLowerCase().includes(needle) ?? false) ||
            (company.industry?.toLowerCase().includes(needle) ?? false),
        )
        .map(companyFromReplica)
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, LIST_LIMIT);
      return Promise.all(
        companies.map(async (company) => ({ company, members: (await listMembers(tx, company.id)).length })),
      );
    },
    [query],
  );
  const { data: rows, loaded } = useSubscribe(rep, rowsQuery, []);

  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <h1>Companies</h1>
        </div>
        <div className="page-header__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setCreating(true);
            }}
          >
            New company
          </button>
        </div>
      </div>
      <div className="panel">
        <div className="field search">
          <label htmlFor={searchId}>Search companies</label>
          <input
            id={searchId}
            className="input"
            type="search"
            placeholder="Name, email or industry"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
            }}
          />
        </div>
        {loaded && rows.length === 0 ? (
          <p className="empty-state">
            {query.trim() ? `No companies match “${query.trim()}”.` : "No companies yet. Create the first one."}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Companies">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Industry</th>
                  <th scope="col">Website</th>
                  <th scope="col">Members</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ company, members }) => (
                  <tr key={company.id}>
                    <td>
                      <Link to={`/companies/${company.id}`}>{company.name}</Link>
                    </td>
                    <td>{company.industry}</td>
                    <td>{company.website}</td>
                    <td>{members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {creating ? (
        <CompanyForm
          onClose={() => {
            setCreating(false);
          }}
          onSaved={(id) => {
            setCreating(false);
            void navigate(`/companies/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
