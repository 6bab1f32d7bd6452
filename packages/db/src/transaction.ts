import type { Database, Transaction } from "./client";

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export interface RunInTransactionOptions {
  readonly isolationLevel?: IsolationLevel;
  /** Attempts in all, the first included. */
  readonly maxAttempts?: number;
}

const SERIALIZATION_FAILURE = "40001";
const DEADLOCK_DETECTED = "40P01";
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";
const CHECK_VIOLATION = "23514";

/**
 * Runs fn in a transaction and runs it again, after a short jittered pause,
 * when PostgreSQL aborts it for a serialization failure or a deadlock. fn may
 * therefore run more than once: keep side effects other than queries on tx
 * until after this resolves.
 */
export async function runInTransaction<T>(
  db: Database,
  fn: (tx: Transaction) => Promise<T>,
  options: RunInTransactionOptions = {},
): Promise<T> {
  const { isolationLevel = "repeatable read", maxAttempts = 5 } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`maxAttempts is ${maxAttempts}; pass a whole number of at least 1.`);
  }

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(fn, { isolationLevel });
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await sleep(backoffMs(attempt));
    }
  }
}

/**
 * Returns the SQLSTATE of a database error, read from the error itself or from
 * the driver error that Drizzle wraps in `cause`, and undefined for anything else.
 */
export function sqlStateOf(error: unknown): string | undefined {
  return databaseErrorOf(error)?.code;
}

/** Returns the name of the constraint a database error reports, if any. */
export function constraintOf(error: unknown): string | undefined {
  const found = databaseErrorOf(error);
  return found?.constraint_name ?? found?.constraint;
}

/** True for a unique violation, on the given constraint or index when one is named. */
export function isUniqueViolation(error: unknown, constraintName?: string): boolean {
  return isViolation(error, UNIQUE_VIOLATION, constraintName);
}

export function isForeignKeyViolation(error: unknown, constraintName?: string): boolean {
  return isViolation(error, FOREIGN_KEY_VIOLATION, constraintName);
}

export function isCheckViolation(error: unknown, constraintName?: string): boolean {
  return isViolation(error, CHECK_VIOLATION, constraintName);
}

/** The fields both postgres.js (`constraint_name`) and PGlite (`constraint`) errors may carry. */
interface DatabaseErrorFields {
  readonly code: string;
  readonly constraint_name?: string;
  readonly constraint?: string;
}

function isViolation(error: unknown, sqlState: string, constraintName: string | undefined): boolean {
  if (sqlStateOf(error) !== sqlState) return false;
  return constraintName === undefined || constraintOf(error) === constraintName;
}

function isRetryable(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState === SERIALIZATION_FAILURE || sqlState === DEADLOCK_DETECTED;
}

/**
 * Walks the cause chain for a server error: a five-character code together
 * with a severity, so that Node errors such as EPIPE are not mistaken for one.
 */
function databaseErrorOf(error: unknown): DatabaseErrorFields | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth += 1) {
    const candidate = current as Record<string, unknown>;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code) && "severity" in candidate) {
      return {
        code: candidate.code,
        constraint_name: typeof candidate.constraint_name === "string" ? candidate.constraint_name : undefined,
        constraint: typeof candidate.constraint === "string" ? candidate.constraint : undefined,
      };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** Doubles from 10 ms up to 200 ms, each pause drawn from its upper half so that retrying transactions spread out. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 10 * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
