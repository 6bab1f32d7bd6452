import { errorMessage, isNetworkError } from "../session/api-client";

/**
 * Returns a message for a failed import call that names the file. A rejected file's reason
 * comes from the server's field errors. The path is left out when it is the file itself, and
 * kept for other fields, such as "options.rangeStart: …".
 */
export function importErrorMessage(filename: string, error: unknown): string {
  if (isNetworkError(error))
    return `${filename}: the server could not be reached. Check the connection and try again.`;
  const fieldErrors = fieldErrorsOf(error);
  if (fieldErrors === null) return `${filename}: ${errorMessage(error)}`;

  const reasons = Object.entries(fieldErrors).flatMap(([path, messages]) =>
    FILE_PATHS.has(path) ? messages : messages.map((message) => `${path}: ${message}`),
  );
  return `${filename}: ${reasons.join(" ")}`;
}

/** Field paths that name the file itself. */
const FILE_PATHS: ReadonlySet<string> = new Set(["fileId", "format"]);

function fieldErrorsOf(error: unknown): Readonly<Record<string, readonly string[]>> | null {
  if (typeof error !== "object" || error === null) return null;
  const fieldErrors = (error as { data?: { fieldErrors?: unknown } }).data?.fieldErrors;
  if (typeof fieldErrors !== "object" || fieldErrors === null) return null;

  const entries = Object.entries(fieldErrors).filter(
    (entry): entry is [string, string[]] =>
      Array.isArray(entry[1]) &&
      entry[1].length > 0 &&
      entry[1].every((message) => typeof message === "string"),
  );
  return entries.length === 0 ? null : Object.fromEntries(entries);
}
