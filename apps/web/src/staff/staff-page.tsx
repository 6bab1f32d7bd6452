import { readAll, staffPersonFromReplica } from "@crm/client";
import { staffDisplayName, type StaffPerson } from "@crm/domain";
import { useCallback, useId, useState } from "react";
import { Link } from "react-router";
import type { ReadTransaction } from "replicache";

import { useSubscribe } from "../lib/use-subscribe";
import { errorMessage } from "../session/api-client";
import { useSession } from "../session/session-context";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { EMPLOYMENT_TYPE_LABELS, StaffForm } from "./staff-form";

/** Lists staff for admins to add, edit, trash and restore. Members see a note that the page is for admins. */
export function StaffPage() {
  const { rep, user } = useSession();
  const trashedId = useId();
  const [showTrashed, setShowTrashed] = useState(false);
  const [editing, setEditing] = useState<StaffPerson | "new" | null>(null);
  const [trashing, setTrashing] = useState<StaffPerson | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    async (tx: ReadTransaction) =>
      (await readAll(tx, "staff"))
        .filter((person) => showTrashed || person.status !== "trashed")
        .map(staffPersonFromReplica)
        .sort((a, b) => staffDisplayName(a).localeCompare(staffDisplayName(b))),
    [showTrashed],
  );
  const { data: staff, loaded } = useSubscribe(rep, query, []);

  if (user.role !== "admin") {
    return (
      <div className="panel">
        <h1>Staff</h1>
        <p className="muted">Only admins manage staff.</p>
      </div>
    );
  }

  // Trash and restore apply to the replica at once and sync later, so they work offline too.
  async function setTrashed(person: StaffPerson, trashed: boolean) {
    try {
      if (trashed) await rep.mutate.trashStaffPerson({ id: person.id });
      else await rep.mutate.restoreStaffPerson({ id: person.id });
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <>
      <div className="page-header">
        <div className="page-header__title">
          <h1>Staff</h1>
        </div>
        <div className="page-header__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setEditing("new");
            }}
          >
            New staff person
          </button>
        </div>
      </div>
      <div className="panel">
        <div className="row">
          <label className="checkbox" htmlFor={trashedId}>
            <input
              id={trashedId}
              type="checkbox"
              checked={showTrashed}
              onChange={(event) => {
                setShowTrashed(event.target.checked);
              }}
            />
            Show trashed
          </label>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {loaded && staff.length === 0 ? (
          <p className="empty-state">No staff yet. Add the people of your organisation to pick them as parties.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Staff">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Job title</th>
                  <th scope="col">Employment</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {staff.map((person) => {
                  const name = staffDisplayName(person);
                  return (
                    <tr key={person.id}>
                      <td>
                        <Link to={`/staff/${person.id}`}>{name}</Link>
                      </td>
                      <td>{person.jobTitle}</td>
                      <td>{person.employmentType ? EMPLOYMENT_TYPE_LABELS[person.employmentType] : null}</td>
                      <td>{person.email}</td>
                      <td>
                        <span className={`status status--${person.status}`}>{person.status}</span>
                      </td>
                      <td className="actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Edit ${name}`}
                          onClick={() => {
                            setEditing(person);
                          }}
                        >
                          Edit
                        </button>{" "}
                        {person.status === "trashed" ? (
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={`Restore ${name}`}
                            onClick={() => void setTrashed(person, false)}
                          >
                            Restore
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button button--small button--danger"
                            aria-label={`Move ${name} to the trash`}
                            onClick={() => {
                              setTrashing(person);
                            }}
                          >
                            Trash
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {editing ? (
        <StaffForm
          {...(editing === "new" ? {} : { staff: editing })}
          onClose={() => {
            setEditing(null);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={trashing !== null}
        title="Move to the trash?"
        message={`${trashing ? staffDisplayName(trashing) : "This person"} will no longer be offered as a party. History that names them keeps their name.`}
        confirmLabel="Move to trash"
        onCancel={() => {
          setTrashing(null);
        }}
        onConfirm={() => {
          const target = trashing;
          setTrashing(null);
          if (target) void setTrashed(target, true);
        }}
      />
    </>
  );
}
