import type { z } from "zod";

/** Messages keyed by input path, such as `interaction.subject` or `parties.2.contactId`. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export type DomainErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT";

/** The key used for a problem with the input as a whole rather than one field. */
export const ROOT_ERROR_KEY = "input";

/** How many field errors a validation error's message lists before summarising the rest. */
const MESSAGE_ERROR_COUNT = 3;

/**
 * A rule of the product was broken. The server maps `code` to its transport
 * error; `fieldErrors` lets a form show each message beside its field.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly code: DomainErrorCode;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: DomainErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

/** Turns zod issues into field errors, each path joined by dots under an optional prefix. */
export function fieldErrorsFromZod(error: z.ZodError, prefix?: string): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== "");
    const key = path.length > 0 ? path.join(".") : ROOT_ERROR_KEY;
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/** Builds a BAD_REQUEST error whose message names the first few fields and their problems. */
export function validationError(fieldErrors: FieldErrors): DomainError {
  const lines = Object.entries(fieldErrors).flatMap(([path, messages]) =>
    messages.map((message) => `${path}: ${message}`),
  );
  const shown = lines.slice(0, MESSAGE_ERROR_COUNT).join("; ");
  const rest = lines.length - MESSAGE_ERROR_COUNT;
  const message = lines.length === 0 ? "invalid input" : rest > 0 ? `${shown} (and ${rest} more)` : shown;
  return new DomainError("BAD_REQUEST", message, fieldErrors);
}

/** Combines field errors, keeping every message of each path in order. */
export function mergeFieldErrors(...all: readonly FieldErrors[]): FieldErrors {
  const merged: Record<string, string[]> = {};
  for (const errors of all) {
    for (const [path, messages] of Object.entries(errors)) {
      (merged[path] ??= []).push(...messages);
    }
  }
  return merged;
}

export function hasFieldErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
