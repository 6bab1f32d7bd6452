import {
  contactCreateInputSchema,
  fieldErrorsFromZod,
  type Contact,
  type FieldErrors,
  type SettableStatus,
} from "@crm/domain";
import { useState, type SyntheticEvent } from "react";
import { uuidv7 } from "uuidv7";

import { fieldErrorsOfError } from "../interactions/composer-errors";
import { useSession } from "../session/session-context";
import { SelectField, TextField } from "../ui/form-field";
import { Modal } from "../ui/modal";

interface ContactValues {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly notes: string;
  readonly status: SettableStatus;
}

export interface ContactFormProps {
  /** The contact to edit; a new contact when omitted. */
  readonly contact?: Contact;
  readonly onClose: () => void;
  /** Called with the id of the contact saved. */
  readonly onSaved: (id: string) => void;
}

const STATUS_OPTIONS = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
] as const;

/** Creates or edits a contact through the client mutators, so it works offline. */
export function ContactForm({ contact, onClose, onSaved }: ContactFormProps) {
  const { rep } = useSession();
  const [values, setValues] = useState<ContactValues>({
    name: contact?.name ?? "",
    email: contact?.email ?? "",
    phone: contact?.phone ?? "",
    notes: contact?.notes ?? "",
    status: contact?.status === "inactive" || contact?.statusBeforeTrash === "inactive" ? "inactive" : "active",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  function set<K extends keyof ContactValues>(key: K) {
    return (value: ContactValues[K]) => {
      setValues((current) => ({ ...current, [key]: value }));
    };
  }

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const parsed = contactCreateInputSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setSaving(true);
    try {
      if (contact) {
        await rep.mutate.updateContact({ id: contact.id, changes: values });
        onSaved(contact.id);
      } else {
        const id = uuidv7();
        await rep.mutate.createContact({ id, ...values });
        onSaved(id);
      }
    } catch (error) {
      setErrors(fieldErrorsOfError(error));
    } finally {
      setSaving(false);
    }
  }

  const otherErrors = Object.entries(errors)
    .filter(([path]) => !["name", "email", "phone", "notes", "status"].includes(path))
    .flatMap(([, messages]) => messages);

  return (
    <Modal title={contact ? "Edit contact" : "New contact"} onClose={onClose} wide>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {otherErrors.length > 0 ? (
          <p className="form-error" role="alert">
            {otherErrors.join(" ")}
          </p>
        ) : null}
        <div className="form-grid">
          <TextField label="Name" value={values.name} onChange={set("name")} errors={errors.name} required autoFocus />
          <TextField label="Email" type="email" value={values.email} onChange={set("email")} errors={errors.email} />
          <TextField label="Phone" type="tel" value={values.phone} onChange={set("phone")} errors={errors.phone} />
          <SelectField label="Status" value={values.status} options={STATUS_OPTIONS} onChange={set("status")} errors={errors.status} />
          <TextField label="Notes" value={values.notes} onChange={set("notes")} errors={errors.notes} multiline wide />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {contact ? "Save contact" : "Create contact"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
