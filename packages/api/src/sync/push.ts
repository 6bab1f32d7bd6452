import {
  constraintOf,
  replicacheClientGroups,
  replicacheClients,
  replicacheMutationFailures,
  runInTransaction,
  sqlStateOf,
  type Transaction,
} from "@crm/db";
import { DomainError } from "@crm/domain";
import { TRPCError } from "@trpc/server";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { z } from "zod";

import type { Actor, ServiceContext } from "../context";
import type { ChangeNotice } from "../notifier";
import { executePrepared } from "../services/prepared-query";
import { assertOwnClientGroup, createClientGroup } from "./client-group";
import { runServerMutator, servicesInTransaction } from "./server-mutators";

/** Replicache's push request, version 1. */
export const pushRequestSchema = z.object({
  pushVersion: z.number(),
  clientGroupID: z.string().min(1).max(255),
  mutations: z.array(
    z.object({
      clientID: z.string().min(1).max(255),
      id: z.number().int().min(1),
      name: z.string().max(255),
      args: z.json().optional(),
      timestamp: z.number(),
    }),
  ),
  profileID: z.string().max(255),
  schemaVersion: z.string().max(255),
});

export type PushRequest = z.output<typeof pushRequestSchema>;
type PushedMutation = PushRequest["mutations"][number];

/** An error Replicache acts on; `undefined` means the push was processed. */
export type PushResponse =
  | { readonly error: "ClientStateNotFound" }
  | { readonly error: "VersionNotSupported"; readonly versionType: "push" };

type MutationOutcome =
  | { readonly kind: "applied"; readonly notices: readonly ChangeNotice[] }
  | { readonly kind: "rejected"; readonly reason: string }
  | { readonly kind: "skipped" }
  | { readonly kind: "clientStateNotFound" };

/**
 * Applies pushed mutations in order, each in its own REPEATABLE READ
 * transaction. A mutation that breaks a rule is recorded as a failure with
 * its reason and still counts as processed, so the queue never wedges. An
 * unexpected error (a bug, the database gone) ends the push; the client pushes
 * the rest again later. After commit, the workspace's clients are poked.
 */
export async function push(
  services: ServiceContext,
  actor: Actor,
  request: PushRequest,
): Promise<PushResponse | undefined> {
  if (request.pushVersion !== 1) return { error: "VersionNotSupported", versionType: "push" };
  const logger = services.logger.child({ workspaceId: actor.workspaceId, clientGroupID: request.clientGroupID });

  const contactIds = new Set<string>();
  let processed = 0;
  try {
    for (const mutation of request.mutations) {
      const outcome = await processMutation(services, actor, request.clientGroupID, mutation);
      const fields = { clientID: mutation.clientID, mutationID: mutation.id, name: mutation.name };
      switch (outcome.kind) {
        case "clientStateNotFound":
          logger.info(fields, "push from a client the server does not know; the client starts over");
          return { error: "ClientStateNotFound" };
        case "skipped":
          logger.debug(fields, "mutation already processed; skipped");
          break;
        case "rejected":
          processed += 1;
          logger.info({ ...fields, reason: outcome.reason }, "mutation rejected and recorded as a failure");
          break;
        case "applied":
          processed += 1;
          for (const notice of outcome.notices) for (const id of notice.contactIds) contactIds.add(id);
          logger.debug(fields, "mutation applied");
          break;
      }
    }
    return undefined;
  } finally {
    if (processed > 0) await pokeWorkspace(services, actor, [...contactIds], logger);
  }
}

/**
 * Runs one mutation in its own transaction: lock the client group and client,
 * check the mutation id, run the server mutator in a savepoint, record a
 * failure when it breaks a rule, and advance the client's lastMutationID.
 */
async function processMutation(
  services: ServiceContext,
  actor: Actor,
  clientGroupId: string,
  mutation: PushedMutation,
): Promise<MutationOutcome> {
  return runInTransaction(
    services.db,
    async (tx) => {
      // 1. In the usual case, one statement locks the group and advances a known client to this mutation.
      const locked = await lockGroupAndAdvanceClient(tx, services, actor, clientGroupId, mutation);
      const advanced = locked === "client advanced";

      // 2. Otherwise the group or client is new, or the mutation is not the client's next one, so find out which.
      if (!advanced) {
        if (locked === "no group") await createClientGroup(tx, actor, clientGroupId);
        const lastMutationId = await lockClient(tx, actor, clientGroupId, mutation.clientID);
        if (lastMutationId === undefined && mutation.id > 1) return { kind: "clientStateNotFound" };

        // Each mutation applies once and in order.
        const expected = (lastMutationId ?? 0) + 1;
        if (mutation.id < expected) return { kind: "skipped" };
        if (mutation.id > expected) {
          throw new DomainError(
            "BAD_REQUEST",
            `mutation ${mutation.id} of client ${mutation.clientID} is ahead of the server, which expects ${expected}; push the mutations in order`,
          );
        }
      }

      // 3. The server mutator, in a savepoint so that a broken rule leaves nothing behind.
      const notices: ChangeNotice[] = [];
      let outcome: MutationOutcome;
      try {
        await tx.transaction(async (savepoint) => {
          await runServerMutator(
            { tx: savepoint, services: servicesInTransaction(services, savepoint, notices), actor, clientGroupId },
            mutation.name,
            mutation.args,
          );
        });
        outcome = { kind: "applied", notices };
      } catch (error) {
        const reason = ruleFailureReason(error);
        if (reason === undefined) throw error;
        await recordFailure(tx, services, actor, clientGroupId, mutation, reason);
        outcome = { kind: "rejected", reason };
      }

      // 4. Processed, applied or not. Step 1 already advanced a known client.
      if (!advanced) {
        await executePrepared(
          tx
            .insert(replicacheClients)
            .values({
              id: mutation.clientID,
              workspaceId: actor.workspaceId,
              clientGroupId,
              lastMutationId: mutation.id,
              updatedAt: services.now(),
            })
            .onConflictDoUpdate({
              target: replicacheClients.id,
              set: { lastMutationId: mutation.id, updatedAt: services.now() },
            }),
          "upsert_replicache_client",
        );
      }
      return outcome;
    },
    { isolationLevel: "repeatable read" },
  );
}

/**
 * Locks the client group and, when the client is known in that group and the
 * mutation is its next one, sets the client's lastMutationID to it, all in one
 * statement. Once the client is advanced, the caller needs no other
 * bookkeeping, because an unexpected error rolls the transaction back and a
 * broken rule still counts as processed. A group of another user is
 * FORBIDDEN, as in `lockClientGroup`.
 */
async function lockGroupAndAdvanceClient(
  tx: Transaction,
  services: ServiceContext,
  actor: Actor,
  clientGroupId: string,
  mutation: PushedMutation,
): Promise<"client advanced" | "group locked" | "no group"> {
  const lockedGroup = tx.$with("locked_group").as(
    tx
      .select({
        id: replicacheClientGroups.id,
        userId: replicacheClientGroups.userId,
        workspaceId: replicacheClientGroups.workspaceId,
      })
      .from(replicacheClientGroups)
      .where(eq(replicacheClientGroups.id, clientGroupId))
      .for("update"),
  );
  // The update reads the locked group, so the group row is locked before the client row, the order step 2 takes too.
  const advancedClient = tx.$with("advanced_client").as(
    tx
      .update(replicacheClients)
      .set({ lastMutationId: mutation.id, updatedAt: services.now() })
      .where(
        and(
          eq(replicacheClients.id, mutation.clientID),
          eq(replicacheClients.lastMutationId, mutation.id - 1),
          inArray(replicacheClients.clientGroupId, tx.select({ id: lockedGroup.id }).from(lockedGroup)),
        ),
      )
      .returning({ id: replicacheClients.id }),
  );
  const [group] = await executePrepared(
    tx
      .with(lockedGroup, advancedClient)
      .select({
        userId: lockedGroup.userId,
        workspaceId: lockedGroup.workspaceId,
        advanced: sql<boolean>`exists (select 1 from ${advancedClient})`,
      })
      .from(lockedGroup),
    "lock_client_group_and_advance_client",
  );
  if (group === undefined) return "no group";
  assertOwnClientGroup(group, actor, clientGroupId);
  return group.advanced ? "client advanced" : "group locked";
}

/**
 * Locks the client's row and returns its lastMutationID, or undefined for a
 * client never seen. A client id already used in another group is refused.
 */
async function lockClient(
  tx: Transaction,
  actor: Actor,
  clientGroupId: string,
  clientId: string,
): Promise<number | undefined> {
  const [client] = await tx
    .select({ clientGroupId: replicacheClients.clientGroupId, lastMutationId: replicacheClients.lastMutationId })
    .from(replicacheClients)
    .where(eq(replicacheClients.id, clientId))
    .for("update");
  if (client === undefined) return undefined;
  if (client.clientGroupId !== clientGroupId) {
    throw new DomainError(
      "FORBIDDEN",
      `clientID: client ${clientId} belongs to another client group; start a new replica`,
    );
  }
  return client.lastMutationId;
}

async function recordFailure(
  tx: Transaction,
  services: ServiceContext,
  actor: Actor,
  clientGroupId: string,
  mutation: PushedMutation,
  reason: string,
): Promise<void> {
  const insert = tx.insert(replicacheMutationFailures).values({
    id: services.newId(),
    workspaceId: actor.workspaceId,
    clientGroupId,
    clientId: mutation.clientID,
    mutationId: mutation.id,
    mutatorName: mutation.name,
    reason,
    args: mutation.args ?? null,
    createdAt: services.now(),
  });
  await executePrepared(insert, "insert_replicache_mutation_failure");
}

/**
 * Returns why a mutation broke a rule, or undefined for an error that is not
 * about the mutation: a bug, a lost connection, or a
 * serialization failure that the transaction retries. Database integrity and
 * data errors count as broken rules, since pushing the same mutation again
 * would fail the same way and hold up the queue forever.
 */
export function ruleFailureReason(error: unknown): string | undefined {
  if (error instanceof DomainError) return error.message;
  if (error instanceof TRPCError && RULE_ERROR_CODES.has(error.code)) return error.message;
  if (error instanceof z.ZodError) return error.issues.map((issue) => issue.message).join("; ");

  const sqlState = sqlStateOf(error);
  if (sqlState?.startsWith("23")) {
    const constraint = constraintOf(error);
    return `the change conflicts with data stored meanwhile${constraint === undefined ? "" : ` (${constraint})`}; review it and try again`;
  }
  if (sqlState?.startsWith("22")) return "the change holds a value the database cannot store; review it and try again";
  return undefined;
}

const RULE_ERROR_CODES: ReadonlySet<TRPCError["code"]> = new Set(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]);

async function pokeWorkspace(
  services: ServiceContext,
  actor: Actor,
  contactIds: readonly string[],
  logger: Logger,
): Promise<void> {
  try {
    await services.notifier.notify({ workspaceId: actor.workspaceId, contactIds });
  } catch (error) {
    logger.error({ err: error }, "poke after push failed; clients catch up on their next pull");
  }
}
