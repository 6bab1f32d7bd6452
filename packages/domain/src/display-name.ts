/** The fallback shown wherever a person has neither a name nor an email. */
export const UNNAMED = "Unnamed";

/** Returns a contact's display name: its name, else its email, else "Unnamed". */
export function contactDisplayName(contact: {
  readonly name?: string | null;
  readonly email?: string | null;
}): string {
  return nonBlank(contact.name) ?? nonBlank(contact.email) ?? UNNAMED;
}

/** Returns a staff person's display name: the name, else "Unnamed". */
export function staffDisplayName(staff: { readonly name?: string | null }): string {
  return nonBlank(staff.name) ?? UNNAMED;
}

function nonBlank(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
