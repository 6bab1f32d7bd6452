import type { Database } from "@crm/db";
import type { UserRole } from "@crm/domain";
import type { Logger } from "pino";

import type { Notifier } from "./notifier";

/**
 * The dependencies of every service function besides its input: the database, the
 * notifier, a logger, and the clock and id source (injected so tests control them).
 */
export interface ServiceContext {
  readonly db: Database;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** The signed-in user a service acts for. Every query is scoped to `workspaceId`. */
export interface Actor {
  readonly userId: string;
  readonly workspaceId: string;
  readonly role: UserRole;
  readonly staffPersonId: string | null;
  readonly contactId: string | null;
  readonly sessionId: string;
}

/** Sets and clears the session cookie; the HTTP adapter supplies it, callers in tests may omit it. */
export interface SessionCookies {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** The tRPC request context. */
export interface RequestContext {
  readonly services: ServiceContext;
  readonly actor: Actor | null;
  readonly sessionToken: string | null;
  readonly cookies: SessionCookies | null;
  readonly requestId: string;
}
