import { companyCreateInputSchema, fieldErrorsFromZod, type Company, type FieldErrors } from "@crm/domain";
import { useState, type SyntheticEvent } from "react";
import { uuidv7 } from "uuidv7";

import { fieldErrorsOfError } from "../interactions/composer-errors";
import { useSession } from "../session/session-context";
import { TextField } from "../ui/form-field";
import { Modal } from "../ui/modal";

const FIELDS = ["name", "website", "email", "phone", "industry", "address", "notes"] as const;
type CompanyValues = Record<(typeof FIELDS)[number], string>;

export interface CompanyFormProps {
  readonly company?: Company;
  readonly onClose: () => void;
  readonly onSaved: (id: string) => void;
}

/** Creates or edits a company through the client mutators. */
export function CompanyForm({ company, onClose, onSaved }: CompanyFormProps) {
  const { rep } = useSession();
  const [values, setValues] = useState<CompanyValues>({
    name: company?.name ?? "",
    website: company?.website ?? "",
    email: company?.email ?? "",
    phone: company?.phone ?? "",
    industry: company?.industry ?? "",
    address: company?.address ?? "",
    notes: company?.notes ?? "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = (key: keyof CompanyValues) => (value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
  };

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const parsed = companyCreateInputSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    try {
      if (company) {
        await rep.mutate.updateCompany({ id: company.id, changes: values });
        onSaved(company.id);
      } else {
        const id = uuidv7();
        await rep.mutate.createCompany({ id, ...values });
        onSaved(id);
      }
    } catch (error) {
      setErrors(fieldErrorsOfError(error));
    }
  }

  const otherErrors = Object.entries(errors)
    .filter(([path]) => !(FIELDS as readonly string[]).includes(path))
    .flatMap(([, messages]) => messages);

  return (
    <Modal title={company ? "Edit company" : "New company"} onClose={onClose} wide>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {otherErrors.length > 0 ? (
          <p className="form-error" role="alert">
            {otherErrors.join(" ")}
          </p>
        ) : null}
        <div className="form-grid">
          <TextField label="Name" value={values.name} onChange={set("name")} errors={errors.name} required autoFocus />
          <TextField label="Industry" value={values.industry} onChange={set("industry")} errors={errors.industry} />
          <TextField label="Website" type="url" value={values.website} onChange={set("website")} errors={errors.website} />
          <TextField label="Email" type="email" value={values.email} onChange={set("email")} errors={errors.email} />
          <TextField label="Phone" type="tel" value={values.phone} onChange={set("phone")} errors={errors.phone} />
          <TextField label="Address" value={values.address} onChange={set("address")} errors={errors.address} />
          <TextField label="Notes" value={values.notes} onChange={set("notes")} errors={errors.notes} multiline wide />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary">
            {company ? "Save company" : "Create company"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
