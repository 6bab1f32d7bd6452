import type { SettableStatus } from "@crm/domain";

/** The status columns shared by contacts, companies and staff persons. */
interface TrashableRow {
  readonly status: SettableStatus | "trashed";
  readonly statusBeforeTrash: SettableStatus | null;
}

/**
 * Returns the status columns that move a row to the trash, remembering its
 * status for restore, or undefined when the row is already trashed.
 */
export function trashedStatus(
  row: TrashableRow,
): { readonly status: "trashed"; readonly statusBeforeTrash: SettableStatus } | undefined {
  if (row.status === "trashed") return undefined;
  return { status: "trashed", statusBeforeTrash: row.status };
}

/**
 * Returns the status columns that take a row out of the trash with the status
 * it had before, or undefined when the row is not trashed. A trashed row without
 * a remembered status comes back active.
 */
export function restoredStatus(
  row: TrashableRow,
): { readonly status: SettableStatus; readonly statusBeforeTrash: null } | undefined {
  if (row.status !== "trashed") return undefined;
  return { status: row.statusBeforeTrash ?? "active", statusBeforeTrash: null };
}

/** The message for a status change asked of a trashed row. */
export const TRASHED_STATUS_MESSAGE = "cannot be changed while in the trash; restore it first";
