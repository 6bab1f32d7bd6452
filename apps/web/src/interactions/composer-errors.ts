import type { FieldErrors } from "@crm/domain";

/** Field errors sorted to the part of the composer that shows them. */
export interface ComposerErrors {
  readonly type: readonly string[];
  readonly when: readonly string[];
  readonly subject: readonly string[];
  readonly body: readonly string[];
  /** Errors of one party, by its index in the composer's list. */
  readonly parties: ReadonlyMap<number, readonly string[]>;
  /** Errors of the party list as a whole. */
  readonly partyList: readonly string[];
  readonly files: readonly string[];
  /** Anything no field shows, with its path, so nothing is hidden. */
  readonly form: readonly string[];
}

/**
 * Sorts errors keyed by input path (`interaction.subject`, `changes.body`,
 * `parties.2.rawName`, `fileIds`) to their fields. A party's index is its
 * position in the input list, which is the composer's chip order.
 */
export function groupComposerErrors(errors: FieldErrors): ComposerErrors {
  const grouped = {
    type: [] as string[],
    when: [] as string[],
    subject: [] as string[],
    body: [] as string[],
    parties: new Map<number, string[]>(),
    partyList: [] as string[],
    files: [] as string[],
    form: [] as string[],
  };

  for (const [path, messages] of Object.entries(errors)) {
    const segments = path.split(".");
    const [head, second, third] = segments;
    const field = head === "interaction" || head === "changes" ? second : head;

    if (head === "parties" && second !== undefined && /^\d+$/.test(second)) {
      const index = Number(second);
      const list = grouped.parties.get(index) ?? [];
      list.push(...messages.map((message) => (third ? `${partyFieldLabel(third)} ${message}` : message)));
      grouped.parties.set(index, list);
    } else if (head === "parties") {
      grouped.partyList.push(...messages);
    } else if (field === "type") {
      grouped.type.push(...messages);
    } else if (field === "occurredAt" || field === "timeZone") {
      grouped.when.push(...messages.map((message) => (field === "timeZone" ? `Time zone ${message}` : message)));
    } else if (field === "subject") {
      grouped.subject.push(...messages);
    } else if (field === "body") {
      grouped.body.push(...messages);
    } else if (head === "fileIds") {
      grouped.files.push(...messages);
    } else {
      grouped.form.push(...messages.map((message) => `${path}: ${message}`));
    }
  }
  return grouped;
}

/**
 * Returns the field errors of a failed mutator call (a DomainError from the
 * client mutators), or one form-level message for any other failure.
 */
export function fieldErrorsOfError(error: unknown): FieldErrors {
  if (typeof error === "object" && error !== null) {
    const { fieldErrors } = error as { fieldErrors?: unknown };
    if (typeof fieldErrors === "object" && fieldErrors !== null && Object.keys(fieldErrors).length > 0) {
      return fieldErrors as FieldErrors;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { input: [`could not save: ${message}`] };
}

function partyFieldLabel(field: string): string {
  if (field === "rawName") return "Name";
  if (field === "contactId") return "Contact";
  if (field === "staffPersonId") return "Staff person";
  return field;
}
