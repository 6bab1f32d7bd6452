import { createHash, randomBytes } from "node:crypto";

/** Creates a session token: 32 random bytes, base64url. Only its hash is stored. */
export function createSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Hashes a session token for storage and lookup, so a database leak exposes no live session. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
