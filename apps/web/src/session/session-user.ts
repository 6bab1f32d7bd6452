import type { UserRole } from "@crm/domain";

/** The signed-in user as the app needs them. */
export interface SessionUser {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly email: string;
  readonly role: UserRole;
  readonly staffPersonId: string | null;
  readonly contactId: string | null;
}

/**
 * The storage key of the user who signed in last on this device, so the app
 * can open their replica when it starts offline. The stored value contains no
 * token because the session itself is in the httpOnly cookie.
 */
const LAST_USER_KEY = "crm.lastUser";

/** Set when signing out could not reach the server, so the next start ends that session first. */
const SIGNED_OUT_KEY = "crm.signedOut";

export function rememberUser(user: SessionUser): void {
  try {
    window.localStorage.setItem(LAST_USER_KEY, JSON.stringify(user));
    window.localStorage.removeItem(SIGNED_OUT_KEY);
  } catch {
    // Without storage the app still works online.
  }
}

export function lastUser(): SessionUser | null {
  try {
    const text = window.localStorage.getItem(LAST_USER_KEY);
    if (text === null) return null;
    const value = JSON.parse(text) as Partial<SessionUser> | null;
    if (!value || typeof value.id !== "string" || typeof value.name !== "string") return null;
    return {
      id: value.id,
      workspaceId: value.workspaceId ?? "",
      name: value.name,
      email: value.email ?? "",
      role: value.role === "admin" ? "admin" : "member",
      staffPersonId: value.staffPersonId ?? null,
      contactId: value.contactId ?? null,
    };
  } catch {
    return null;
  }
}

export function forgetUser(serverReached: boolean): void {
  try {
    window.localStorage.removeItem(LAST_USER_KEY);
    if (serverReached) window.localStorage.removeItem(SIGNED_OUT_KEY);
    else window.localStorage.setItem(SIGNED_OUT_KEY, "1");
  } catch {
    // Nothing stored, nothing to forget.
  }
}

export function signOutPending(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_OUT_KEY) === "1";
  } catch {
    return false;
  }
}

export function sessionUserOf(user: {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly email: string;
  readonly role: UserRole;
  readonly staffPersonId: string | null;
  readonly contactId: string | null;
}): SessionUser {
  return {
    id: user.id,
    workspaceId: user.workspaceId,
    name: user.name,
    email: user.email,
    role: user.role,
    staffPersonId: user.staffPersonId,
    contactId: user.contactId,
  };
}
