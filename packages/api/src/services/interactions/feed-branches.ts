import { interactions } from "@crm/db";
import { sql, type SQL } from "drizzle-orm";

import { idIn } from "../prepared-query";
import type { FeedBranch } from "./feed-page";

// Each branch selects (occurred_at, created_at, id) from one table so that one
// feed index serves it in order; the comment on each names that index.

/** Interactions of the workspace; interactions_recent_feed_idx. */
export function workspaceBranch(workspaceId: string): FeedBranch {
  return sql`select occurred_at, created_at, id from interactions where workspace_id = ${workspaceId}`;
}

/** Interactions whose subject is the contact; interactions_contact_feed_idx. */
export function subjectBranch(workspaceId: string, contactId: string): FeedBranch {
  return sql`select occurred_at, created_at, id from interactions
    where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
}

/** Interactions where the contact is a resolved party; interaction_parties_contact_feed_idx. */
export function partyBranch(workspaceId: string, contactId: string): FeedBranch {
  return sql`select occurred_at, created_at, interaction_id as id from interaction_parties
    where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
}

/**
 * Interactions whose subject is any of the contacts; `contactIds` must not be
 * empty and must be well-formed UUIDs. They travel as one array parameter, so
 * the statement's text, which is prepared, does not change with their number.
 */
export function subjectsBranch(workspaceId: string, contactIds: readonly string[]): FeedBranch {
  return sql`select occurred_at, created_at, id from interactions
    where workspace_id = ${workspaceId} and ${idIn(interactions.contactId, contactIds)}`;
}

/**
 * Interactions whose subject is a current, non-trashed member of the company.
 * NOTE: no index is ordered by company membership, so this branch sorts the
 * members' interactions; fine for companies of ordinary size.
 */
export function memberSubjectBranch(workspaceId: string, companyId: string): FeedBranch {
  return sql`select occurred_at, created_at, id from interactions
    where workspace_id = ${workspaceId} and contact_id in (${currentMembers(workspaceId, companyId)})`;
}

/** Interactions where a current, non-trashed member of the company is a resolved party. */
export function memberPartyBranch(workspaceId: string, companyId: string): FeedBranch {
  return sql`select occurred_at, created_at, interaction_id as id from interaction_parties
    where workspace_id = ${workspaceId} and contact_id in (${currentMembers(workspaceId, companyId)})`;
}

/** Interactions whose subject snapshot recorded the company; interactions_company_feed_idx. */
export function subjectSnapshotCompanyBranch(workspaceId: string, companyId: string): FeedBranch {
  return sql`select occurred_at, created_at, id from interactions
    where workspace_id = ${workspaceId} and subject_company_id = ${companyId}`;
}

/** Interactions where a party snapshot recorded the company; interaction_parties_company_feed_idx. */
export function partySnapshotCompanyBranch(workspaceId: string, companyId: string): FeedBranch {
  return sql`select occurred_at, created_at, interaction_id as id from interaction_parties
    where workspace_id = ${workspaceId} and snapshot_company_id = ${companyId}`;
}

/** Selects the company's members now: contacts with a membership row that are not in the trash. */
function currentMembers(workspaceId: string, companyId: string): SQL {
  return sql`select m.contact_id from memberships m
    join contacts c on c.id = m.contact_id and c.workspace_id = m.workspace_id
    where m.workspace_id = ${workspaceId} and m.company_id = ${companyId} and c.status <> 'trashed'`;
}
