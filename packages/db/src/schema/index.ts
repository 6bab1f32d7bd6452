import { activityEntries } from "./activity-entries";
import { companies, memberships } from "./companies";
import { contacts } from "./contacts";
import { fileContents, files } from "./files";
import { importEventLinks, importJobs } from "./imports";
import { interactionParties, interactions } from "./interactions";
import {
  replicacheClientGroups,
  replicacheClientViews,
  replicacheClients,
  replicacheMutationFailures,
  replicaChanges,
} from "./replicache";
import { staffPersons } from "./staff-persons";
import { sessions, users } from "./users";
import { workspaces } from "./workspaces";

export * from "./activity-entries";
export * from "./companies";
export * from "./contacts";
export * from "./files";
export * from "./imports";
export * from "./interactions";
export * from "./replicache";
export * from "./staff-persons";
export * from "./users";
export * from "./value-lists";
export * from "./workspaces";

/** Every table, for `drizzle({ schema })` and the relational query API. */
export const schema = {
  workspaces,
  users,
  sessions,
  staffPersons,
  contacts,
  companies,
  memberships,
  interactions,
  interactionParties,
  files,
  fileContents,
  activityEntries,
  importEventLinks,
  importJobs,
  replicacheClientGroups,
  replicacheClients,
  replicacheClientViews,
  replicacheMutationFailures,
  replicaChanges,
};

export type Schema = typeof schema;

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type NewWorkspaceRow = typeof workspaces.$inferInsert;
export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;
export type NewSessionRow = typeof sessions.$inferInsert;
export type StaffPersonRow = typeof staffPersons.$inferSelect;
export type NewStaffPersonRow = typeof staffPersons.$inferInsert;
export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;
export type CompanyRow = typeof companies.$inferSelect;
export type NewCompanyRow = typeof companies.$inferInsert;
export type MembershipRow = typeof memberships.$inferSelect;
export type NewMembershipRow = typeof memberships.$inferInsert;
export type InteractionRow = typeof interactions.$inferSelect;
export type NewInteractionRow = typeof interactions.$inferInsert;
export type InteractionPartyRow = typeof interactionParties.$inferSelect;
export type NewInteractionPartyRow = typeof interactionParties.$inferInsert;
export type FileRow = typeof files.$inferSelect;
export type NewFileRow = typeof files.$inferInsert;
export type FileContentRow = typeof fileContents.$inferSelect;
export type NewFileContentRow = typeof fileContents.$inferInsert;
export type ActivityEntryRow = typeof activityEntries.$inferSelect;
export type NewActivityEntryRow = typeof activityEntries.$inferInsert;
export type ImportEventLinkRow = typeof importEventLinks.$inferSelect;
export type NewImportEventLinkRow = typeof importEventLinks.$inferInsert;
export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJobRow = typeof importJobs.$inferInsert;
export type ReplicacheClientGroupRow = typeof replicacheClientGroups.$inferSelect;
export type NewReplicacheClientGroupRow = typeof replicacheClientGroups.$inferInsert;
export type ReplicacheClientRow = typeof replicacheClients.$inferSelect;
export type NewReplicacheClientRow = typeof replicacheClients.$inferInsert;
export type ReplicacheClientViewRow = typeof replicacheClientViews.$inferSelect;
export type NewReplicacheClientViewRow = typeof replicacheClientViews.$inferInsert;
export type ReplicacheMutationFailureRow = typeof replicacheMutationFailures.$inferSelect;
export type NewReplicacheMutationFailureRow = typeof replicacheMutationFailures.$inferInsert;
