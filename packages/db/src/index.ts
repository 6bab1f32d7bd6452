export * from "./schema";
export {
  createDatabase,
  type CreateDatabaseOptions,
  type Database,
  type DatabaseDriver,
  type DatabaseHandle,
  type Executor,
  type Transaction,
} from "./client";
export { dataFolderLockPath, DataFolderInUseError } from "./data-folder-lock";
export { migrate, migrationsFolder } from "./migrate";
export {
  constraintOf,
  isCheckViolation,
  isForeignKeyViolation,
  isUniqueViolation,
  runInTransaction,
  sqlStateOf,
  type IsolationLevel,
  type RunInTransactionOptions,
} from "./transaction";
export { queryRows } from "./query-rows";
