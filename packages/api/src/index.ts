export type { Actor, RequestContext, ServiceContext, SessionCookies } from "./context";
export { createInProcessNotifier, type ChangeListener, type ChangeNotice, type Notifier } from "./notifier";
export * from "./sync";
export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from "./routers";
export { login, logout, resolveSession, signUp, type SignedIn } from "./services/auth";
export { updateUser, type UserChanges } from "./services/users";
export { addMember, createCompany, removeMember } from "./services/companies";
export { createContact } from "./services/contacts";
export { createStaffPerson } from "./services/staff";
export { createInteraction } from "./services/interactions";
export { readFile, removeStaleStagedFiles, stageFile, type StageFileInput } from "./services/files";
// The upload limits are domain rules; they are re-exported for the upload route.
export { ALLOWED_CONTENT_TYPES, MAX_FILE_BYTES, MAX_FILES_PER_INTERACTION } from "@crm/domain";
export { ImportFileError, type ImportFormat, type ImportIssue } from "./import";
export {
  detectImportFormat,
  failAbandonedImportJobs,
  importFile,
  importOptionsSchema,
  waitForImportJobs,
  type ImportFileInput,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
} from "./services/imports";
