import { DomainError } from "@crm/domain";

/** Builds a CONFLICT error on one input field, such as an email another record already uses. */
export function fieldConflict(field: string, message: string): DomainError {
  return new DomainError("CONFLICT", `${field}: ${message}`, { [field]: [message] });
}
