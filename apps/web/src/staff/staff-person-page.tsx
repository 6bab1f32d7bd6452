import { readStaffPerson, staffPersonFromReplica } from "@crm/client";
import { staffDisplayName } from "@crm/domain";
import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";
import type { ReadTransaction } from "replicache";

import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { EMPLOYMENT_TYPE_LABELS, StaffForm } from "./staff-form";

/** Renders one staff person's current record, the target of party badges. Admins may edit it. */
export function StaffPersonPage() {
  const { staffId = "" } = useParams();
  const { rep, user } = useSession();
  const [editing, setEditing] = useState(false);
  const query = useCallback(
    async (tx: ReadTransaction) => {
      const value = await readStaffPerson(tx, staffId).catch(() => undefined);
      return value ? staffPersonFromReplica(value) : null;
    },
    [staffId],
  );
  const { data: person, loaded } = useSubscribe(rep, query, null);

  if (!person) {
    return loaded ? (
      <div className="panel">
        <h1>Staff person not found</h1>
        <p className="muted">They may have been deleted.</p>
      </div>
    ) : (
      <p className="loading">Loading…</p>
    );
  }

  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          {user.role === "admin" ? (
            <p className="small">
              <Link to="/staff">Staff</Link>
            </p>
          ) : null}
          <h1>{staffDisplayName(person)}</h1>
          <div className="row muted small">
            <span className={`status status--${person.status}`}>{person.status}</span>
            {person.jobTitle ? <span>{person.jobTitle}</span> : null}
          </div>
        </div>
        {user.role === "admin" ? (
          <div className="page-header__actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(true);
              }}
            >
              Edit staff person
            </button>
          </div>
        ) : null}
      </div>
      <section className="panel" aria-label="Details">
        <dl className="details">
          <dt>Job title</dt>
          <dd>{person.jobTitle ?? "—"}</dd>
          <dt>Employment</dt>
          <dd>{person.employmentType ? EMPLOYMENT_TYPE_LABELS[person.employmentType] : "—"}</dd>
          <dt>Email</dt>
          <dd>{person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : "—"}</dd>
        </dl>
      </section>
      {editing ? (
        <StaffForm
          staff={person}
          onClose={() => {
            setEditing(false);
          }}
        />
      ) : null}
    </>
  );
}
