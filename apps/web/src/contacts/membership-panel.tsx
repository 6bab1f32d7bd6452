import { listContactMemberships, readAll, type ContactMembership } from "@crm/client";
import { NAME_MAX, type FieldErrors, type Membership } from "@crm/domain";
import { useCallback, useId, useState, type SyntheticEvent } from "react";
import { Link } from "react-router";
import type { ReadTransaction } from "replicache";
import { uuidv7 } from "uuidv7";

import { fieldErrorsOfError } from "../interactions/composer-errors";
import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { FieldError } from "../ui/field-error";
import { TextField } from "../ui/form-field";

const NEW_COMPANY = "__new__";

/** Lists a contact's companies with role, department and the primary one, to add, edit and remove. */
export function MembershipPanel({ contactId }: { readonly contactId: string }) {
  const { rep } = useSession();
  const query = useCallback((tx: ReadTransaction) => listContactMemberships(tx, contactId), [contactId]);
  const { data: memberships } = useSubscribe(rep, query, []);
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ContactMembership | null>(null);

  return (
    <section className="panel" aria-labelledby="memberships-heading">
      <div className="panel__header">
        <h2 id="memberships-heading">Companies</h2>
        {adding ? null : (
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setAdding(true);
            }}
          >
            Add to a company
          </button>
        )}
      </div>

      {memberships.length === 0 && !adding ? <p className="muted">Not a member of any company.</p> : null}

      <ul className="membership-list">
        {memberships.map((entry) =>
          editingId === entry.membership.id ? (
            <li key={entry.membership.id}>
              <MembershipEditor
                membership={entry.membership}
                companyName={entry.company?.name ?? "Unknown company"}
                onDone={() => {
                  setEditingId(null);
                }}
              />
            </li>
          ) : (
            <li key={entry.membership.id}>
              <div>
                <div className="row">
                  {entry.company ? (
                    <Link to={`/companies/${entry.company.id}`}>{entry.company.name}</Link>
                  ) : (
                    <span className="muted">Unknown company</span>
                  )}
                  {entry.membership.isPrimary ? <span className="badge-primary">Primary</span> : null}
                </div>
                <div className="muted small">
                  {[entry.membership.roleInCompany, entry.membership.department].filter(Boolean).join(" · ") ||
                    "No role or department"}
                </div>
              </div>
              <div className="row">
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Edit membership of ${entry.company?.name ?? "company"}`}
                  onClick={() => {
                    setEditingId(entry.membership.id);
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button button--small button--danger"
                  aria-label={`Remove from ${entry.company?.name ?? "company"}`}
                  onClick={() => {
                    setRemoving(entry);
                  }}
                >
                  Remove
                </button>
              </div>
            </li>
          ),
        )}
      </ul>

      {adding ? (
        <AddMembershipForm
          contactId={contactId}
          memberCompanyIds={memberships.map((entry) => entry.membership.companyId)}
          nextPosition={memberships.reduce((max, entry) => Math.max(max, entry.membership.position + 1), 0)}
          onDone={() => {
            setAdding(false);
          }}
        />
      ) : null}

      <ConfirmDialog
        open={removing !== null}
        title="Remove from this company?"
        message={`The contact will no longer be a member of ${removing?.company?.name ?? "this company"}. History logged earlier keeps the company as it was then.`}
        confirmLabel="Remove"
        onCancel={() => {
          setRemoving(null);
        }}
        onConfirm={() => {
          const target = removing;
          setRemoving(null);
          if (target) void rep.mutate.removeMembership({ id: target.membership.id });
        }}
      />
    </section>
  );
}

function AddMembershipForm({
  contactId,
  memberCompanyIds,
  nextPosition,
  onDone,
}: {
  readonly contactId: string;
  readonly memberCompanyIds: readonly string[];
  readonly nextPosition: number;
  readonly onDone: () => void;
}) {
  const { rep } = useSession();
  const companyFieldId = useId();
  const primaryId = useId();
  const companiesQuery = useCallback(
    async (tx: ReadTransaction) =>
      (await readAll(tx, "company"))
        .filter((company) => company.status !== "trashed")
        .map((company) => ({ id: company.id, name: company.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [],
  );
  const { data: companies } = useSubscribe(rep, companiesQuery, []);
  const available = companies.filter((company) => !memberCompanyIds.includes(company.id));

  const [companyId, setCompanyId] = useState("");
  const [newCompanyName, setNewCompanyName] = useState("");
  const [role, setRole] = useState("");
  const [department, setDepartment] = useState("");
  const [primary, setPrimary] = useState(memberCompanyIds.length === 0);
  const [errors, setErrors] = useState<FieldErrors>({});

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const creating = companyId === NEW_COMPANY;
    const name = newCompanyName.trim();
    if (companyId === "") {
      setErrors({ companyId: ["choose a company, or create one"] });
      return;
    }
    if (creating && (name === "" || name.length > NAME_MAX)) {
      setErrors({ name: [name === "" ? "is required" : `must be at most ${NAME_MAX} characters`] });
      return;
    }

    try {
      let chosen = companyId;
      if (creating) {
        chosen = uuidv7();
        await rep.mutate.createCompany({ id: chosen, name });
      }
      await rep.mutate.addMembership({
        id: uuidv7(),
        companyId: chosen,
        contactId,
        roleInCompany: role,
        department,
        isPrimary: primary,
        position: nextPosition,
      });
      onDone();
    } catch (error) {
      setErrors(fieldErrorsOfError(error));
    }
  }

  const otherErrors = Object.entries(errors)
    .filter(([path]) => !["companyId", "name", "roleInCompany", "department"].includes(path))
    .flatMap(([, messages]) => messages);

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-label="Add to a company" noValidate>
      <h3>Add to a company</h3>
      {otherErrors.length > 0 ? (
        <p className="form-error" role="alert">
          {otherErrors.join(" ")}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={companyFieldId}>Company</label>
        <select
          id={companyFieldId}
          className="select"
          value={companyId}
          aria-invalid={(errors.companyId?.length ?? 0) > 0}
          aria-describedby={errors.companyId ? `${companyFieldId}-error` : undefined}
          onChange={(event) => {
            setCompanyId(event.target.value);
          }}
        >
          <option value="">Choose a company…</option>
          {available.map((company) => (
            <option key={company.id} value={company.id}>
              {company.name}
            </option>
          ))}
          <option value={NEW_COMPANY}>New company…</option>
        </select>
        <FieldError id={`${companyFieldId}-error`} messages={errors.companyId} />
      </div>
      {companyId === NEW_COMPANY ? (
        <TextField label="New company name" value={newCompanyName} onChange={setNewCompanyName} errors={errors.name} required />
      ) : null}
      <div className="form-grid">
        <TextField label="Role" value={role} onChange={setRole} errors={errors.roleInCompany} />
        <TextField label="Department" value={department} onChange={setDepartment} errors={errors.department} />
      </div>
      <label className="checkbox" htmlFor={primaryId}>
        <input
          id={primaryId}
          type="checkbox"
          checked={primary}
          onChange={(event) => {
            setPrimary(event.target.checked);
          }}
        />
        Primary company
      </label>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary">
          Add
        </button>
      </div>
    </form>
  );
}

function MembershipEditor({
  membership,
  companyName,
  onDone,
}: {
  readonly membership: Membership;
  readonly companyName: string;
  readonly onDone: () => void;
}) {
  const { rep } = useSession();
  const primaryId = useId();
  const [role, setRole] = useState(membership.roleInCompany ?? "");
  const [department, setDepartment] = useState(membership.department ?? "");
  const [primary, setPrimary] = useState(membership.isPrimary);
  const [errors, setErrors] = useState<FieldErrors>({});

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    try {
      await rep.mutate.updateMembership({
        id: membership.id,
        changes: { roleInCompany: role, department, isPrimary: primary },
      });
      onDone();
    } catch (error) {
      setErrors(fieldErrorsOfError(error));
    }
  }

  const fieldError = (key: string) => errors[key] ?? errors[`changes.${key}`];
  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-label={`Membership of ${companyName}`} noValidate>
      <strong>{companyName}</strong>
      <div className="form-grid">
        <TextField label="Role" value={role} onChange={setRole} errors={fieldError("roleInCompany")} />
        <TextField label="Department" value={department} onChange={setDepartment} errors={fieldError("department")} />
      </div>
      <label className="checkbox" htmlFor={primaryId}>
        <input
          id={primaryId}
          type="checkbox"
          checked={primary}
          onChange={(event) => {
            setPrimary(event.target.checked);
          }}
        />
        Primary company
      </label>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary">
          Save
        </button>
      </div>
    </form>
  );
}
