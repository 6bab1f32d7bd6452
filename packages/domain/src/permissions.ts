import type { UserRole } from "./entities";
import { DomainError } from "./field-errors";

/** The signed-in user an action is checked for. */
export interface Actor {
  readonly userId: string;
  readonly role: UserRole;
}

/** Only the user who logged an interaction, or an admin, may update or delete it. */
export function canModifyInteraction(actor: Actor, interaction: { readonly ownerUserId: string }): boolean {
  return actor.role === "admin" || actor.userId === interaction.ownerUserId;
}

export function canManageStaff(actor: Actor): boolean {
  return actor.role === "admin";
}

export function canManageUsers(actor: Actor): boolean {
  return actor.role === "admin";
}

export function assertCanModifyInteraction(
  actor: Actor,
  interaction: { readonly ownerUserId: string },
): void {
  if (!canModifyInteraction(actor, interaction)) {
    throw new DomainError(
      "FORBIDDEN",
      "only the user who logged this interaction or an admin may change or delete it",
    );
  }
}

export function assertCanManageStaff(actor: Actor): void {
  if (!canManageStaff(actor))
    throw new DomainError("FORBIDDEN", "only an admin may add, change or remove staff");
}

export function assertCanManageUsers(actor: Actor): void {
  if (!canManageUsers(actor))
    throw new DomainError("FORBIDDEN", "only an admin may add, change or deactivate users");
}
