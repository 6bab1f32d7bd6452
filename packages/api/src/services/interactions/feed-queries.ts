import { interactions } from "@crm/db";
import {
  fieldErrorsFromZod,
  isId,
  listForCompanyInputSchema,
  listForContactsInputSchema,
  listInvolvingInputSchema,
  listRecentInputSchema,
  validationError,
  type FeedPage,
  type Interaction,
  type ListForCompanyInput,
  type ListForContactsInput,
  type ListInvolvingInput,
  type ListRecentInput,
} from "@crm/domain";
import { and, count, desc, eq } from "drizzle-orm";
import type { z } from "zod";

import type { Actor, ServiceContext } from "../../context";
import {
  memberPartyBranch,
  memberSubjectBranch,
  partyBranch,
  partySnapshotCompanyBranch,
  subjectBranch,
  subjectsBranch,
  subjectSnapshotCompanyBranch,
  workspaceBranch,
} from "./feed-branches";
import { readFeedPage, readFeedPageWithSubjects, type FeedBranch, type InteractionWithContact } from "./feed-page";

const EMPTY_PAGE = { items: [], nextCursor: null } as const;

/**
 * Lists the interactions that involve a contact, as subject or as a resolved
 * party, each once, newest first. A malformed id, or a contact of another
 * workspace, gives an empty page.
 */
export async function listInvolving(
  services: ServiceContext,
  actor: Actor,
  input: ListInvolvingInput,
): Promise<FeedPage<Interaction>> {
  if (!isId(input.contactId)) return EMPTY_PAGE;
  const { contactId, limit, cursor } = parseOrThrow(listInvolvingInputSchema, input);
  const { workspaceId } = actor;

  const branches = [subjectBranch(workspaceId, contactId), partyBranch(workspaceId, contactId)];
  return readFeedPage(services.db, workspaceId, branches, { limit, cursor });
}

/**
 * Lists the interactions whose subject is any of the contacts, with each
 * subject's current record. No ids (or only malformed ones) give an empty
 * page without a query.
 */
export async function listForContacts(
  services: ServiceContext,
  actor: Actor,
  input: ListForContactsInput,
): Promise<FeedPage<InteractionWithContact>> {
  const contactIds = Array.isArray(input.contactIds) ? input.contactIds.filter(isId) : [];
  if (contactIds.length === 0) return EMPTY_PAGE;
  const parsed = parseOrThrow(listForContactsInputSchema, { ...input, contactIds });

  const branch = subjectsBranch(actor.workspaceId, [...new Set(parsed.contactIds)]);
  return readFeedPageWithSubjects(services.db, actor.workspaceId, [branch], parsed);
}

/**
 * Lists a company's feed. `members`: the subject is a current, non-trashed
 * member. `involving`: such a member is the subject or a resolved party.
 * `asOfThen`: the subject's or a party's snapshot recorded the company, even
 * if the person has left it since.
 */
export async function listForCompany(
  services: ServiceContext,
  actor: Actor,
  input: ListForCompanyInput,
): Promise<FeedPage<InteractionWithContact>> {
  if (!isId(input.companyId)) return EMPTY_PAGE;
  const parsed = parseOrThrow(listForCompanyInputSchema, input);
  const { workspaceId } = actor;
  const { companyId } = parsed;

  const branches: Record<typeof parsed.scope, readonly FeedBranch[]> = {
    members: [memberSubjectBranch(workspaceId, companyId)],
    involving: [memberSubjectBranch(workspaceId, companyId), memberPartyBranch(workspaceId, companyId)],
    asOfThen: [
      subjectSnapshotCompanyBranch(workspaceId, companyId),
      partySnapshotCompanyBranch(workspaceId, companyId),
    ],
  };
  return readFeedPageWithSubjects(services.db, workspaceId, branches[parsed.scope], parsed);
}

/** Lists the newest interactions of the workspace, 6 unless `limit` sets another count. */
export async function listRecent(
  services: ServiceContext,
  actor: Actor,
  input?: ListRecentInput,
): Promise<Interaction[]> {
  const { limit } = parseOrThrow(listRecentInputSchema, input);
  const page = await readFeedPage(services.db, actor.workspaceId, [workspaceBranch(actor.workspaceId)], { limit });
  return [...page.items];
}

/** Counts the interactions of the workspace. */
export async function countInteractions(services: ServiceContext, actor: Actor): Promise<number> {
  const [row] = await services.db
    .select({ total: count() })
    .from(interactions)
    .where(eq(interactions.workspaceId, actor.workspaceId));
  return row?.total ?? 0;
}

/** Lists the ids of the interactions whose subject is the contact, newest first; empty for a malformed id. */
export async function idsForContact(
  services: ServiceContext,
  actor: Actor,
  input: { readonly contactId: string },
): Promise<string[]> {
  if (!isId(input.contactId)) return [];
  const rows = await services.db
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.workspaceId, actor.workspaceId), eq(interactions.contactId, input.contactId)))
    .orderBy(desc(interactions.occurredAt), desc(interactions.createdAt), desc(interactions.id));
  return rows.map((row) => row.id);
}

/** Parses list input, turning a bad limit or cursor into a BAD_REQUEST naming the field. */
function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}
