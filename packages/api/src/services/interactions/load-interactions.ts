import { interactions, type Executor } from "@crm/db";
import type { Interaction } from "@crm/domain";
import { and, eq, sql, type SQL } from "drizzle-orm";

import { executePrepared, idIn } from "../prepared-query";
import { decodeInteraction, interactionJson } from "./interaction-json";

/**
 * Loads interactions of the workspace by id, each with its parties in
 * position order and its files, in the order of `ids`. Ids not found in the
 * workspace are left out. One statement whatever the number of ids; every id
 * must be a well-formed UUID.
 */
export async function loadInteractions(
  executor: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Interaction[]> {
  if (ids.length === 0) return [];
  const loaded = await selectInteractions(executor, workspaceId, idIn(interactions.id, ids), "load_interactions");
  const byId = new Map(loaded.map((interaction) => [interaction.id, interaction]));
  return ids.flatMap((id) => {
    const interaction = byId.get(id);
    return interaction ? [interaction] : [];
  });
}

/**
 * Loads one interaction of the workspace, or null. Pass `forUpdate` inside a
 * write to lock its row first. The parties and files are then read by a
 * second statement, so under READ COMMITTED they are those of the version
 * that the lock waited for, not those of the snapshot taken before the wait.
 */
export async function loadInteraction(
  executor: Executor,
  workspaceId: string,
  id: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<Interaction | null> {
  if (options.forUpdate) {
    const lock = executor
      .select({ id: interactions.id })
      .from(interactions)
      .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id)))
      .for("update");
    const [locked] = await executePrepared(lock, "lock_interaction");
    if (locked === undefined) return null;
  }
  const [interaction] = await selectInteractions(executor, workspaceId, eq(interactions.id, id), "load_interaction");
  return interaction ?? null;
}

/** Selects the interactions of the workspace that `condition` matches, in no order, as a prepared statement. */
async function selectInteractions(
  executor: Executor,
  workspaceId: string,
  condition: SQL,
  name: string,
): Promise<Interaction[]> {
  // The json reads the columns as `interactions.<column>`, and `interactions` is this select's table.
  const query = executor
    .select({ interaction: sql<unknown>`${interactionJson(workspaceId, "interactions")}` })
    .from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), condition));
  const rows = await executePrepared(query, name);
  return rows.map((row) => decodeInteraction(row.interaction));
}
