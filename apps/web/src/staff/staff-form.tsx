import {
  EMPLOYMENT_TYPES,
  fieldErrorsFromZod,
  staffCreateInputSchema,
  type EmploymentType,
  type FieldErrors,
  type SettableStatus,
  type StaffPerson,
} from "@crm/domain";
import { useState, type SyntheticEvent } from "react";
import { uuidv7 } from "uuidv7";

import { fieldErrorsOfError } from "../interactions/composer-errors";
import { useSession } from "../session/session-context";
import { SelectField, TextField } from "../ui/form-field";
import { Modal } from "../ui/modal";

export const EMPLOYMENT_TYPE_LABELS: Readonly<Record<EmploymentType, string>> = {
  full_time: "Full time",
  part_time: "Part time",
  contractor: "Contractor",
  intern: "Intern",
  temporary: "Temporary",
};

const EMPLOYMENT_OPTIONS = [
  { value: "", label: "Not set" },
  ...EMPLOYMENT_TYPES.map((type) => ({ value: type, label: EMPLOYMENT_TYPE_LABELS[type] })),
] as const;

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
] as const;

interface StaffValues {
  readonly name: string;
  readonly jobTitle: string;
  readonly employmentType: EmploymentType | "";
  readonly email: string;
  readonly status: SettableStatus;
}

export interface StaffFormProps {
  readonly staff?: StaffPerson;
  readonly onClose: () => void;
}

/** Adds or edits a staff person (admins only) through the client mutators. */
export function StaffForm({ staff, onClose }: StaffFormProps) {
  const { rep } = useSession();
  const [values, setValues] = useState<StaffValues>({
    name: staff?.name ?? "",
    jobTitle: staff?.jobTitle ?? "",
    employmentType: staff?.employmentType ?? "",
    email: staff?.email ?? "",
    status: staff?.status === "inactive" || staff?.statusBeforeTrash === "inactive" ? "inactive" : "active",
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  function set<K extends keyof StaffValues>(key: K) {
    return (value: StaffValues[K]) => {
      setValues((current) => ({ ...current, [key]: value }));
    };
  }

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const input = { ...values, employmentType: values.employmentType === "" ? null : values.employmentType };
    const parsed = staffCreateInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    try {
      if (staff) await rep.mutate.updateStaffPerson({ id: staff.id, changes: input });
      else await rep.mutate.createStaffPerson({ id: uuidv7(), ...input });
      onClose();
    } catch (error) {
      setErrors(fieldErrorsOfError(error));
    }
  }

  const otherErrors = Object.entries(errors)
    .filter(([path]) => !["name", "jobTitle", "employmentType", "email", "status"].includes(path))
    .flatMap(([, messages]) => messages);

  return (
    <Modal title={staff ? "Edit staff person" : "New staff person"} onClose={onClose} wide>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {otherErrors.length > 0 ? (
          <p className="form-error" role="alert">
            {otherErrors.join(" ")}
          </p>
        ) : null}
        <div className="form-grid">
          <TextField label="Name" value={values.name} onChange={set("name")} errors={errors.name} required autoFocus />
          <TextField label="Job title" value={values.jobTitle} onChange={set("jobTitle")} errors={errors.jobTitle} />
          <SelectField
            label="Employment type"
            value={values.employmentType}
            options={EMPLOYMENT_OPTIONS}
            onChange={set("employmentType")}
            errors={errors.employmentType}
          />
          <TextField label="Email" type="email" value={values.email} onChange={set("email")} errors={errors.email} />
          <SelectField label="Status" value={values.status} options={STATUS_OPTIONS} onChange={set("status")} errors={errors.status} />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary">
            {staff ? "Save" : "Add staff person"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
