import { memberships, replicacheMutationFailures, sqlStateOf, type Transaction } from "@crm/db";
import {
  DomainError,
  INTERACTION_NOT_FOUND,
  interactionCreateInputFromArgs,
  interactionEditFromArgs,
  isId,
  mergeInteractionEdit,
  parseMutation,
  type MutatorName,
  type ParsedMutation,
  type ParsedMutatorArgs,
} from "@crm/domain";
import { and, eq } from "drizzle-orm";

import type { Actor, ServiceContext } from "../context";
import type { ChangeNotice } from "../notifier";
import { addMember, createCompany, removeMember, updateCompany, updateMember } from "../services/companies";
import { createContact, restoreContact, trashContact, updateContact } from "../services/contacts";
import { createInteraction, deleteInteraction, updateInteraction } from "../services/interactions";
import { loadInteraction } from "../services/interactions/load-interactions";
import { createStaffPerson, restoreStaffPerson, trashStaffPerson, updateStaffPerson } from "../services/staff";

/**
 * The context a server mutator runs with. `services` is bound to the push's
 * transaction: its `db` is the transaction, so the service functions' own
 * transactions become savepoints inside it, and its notifier only collects
 * notices, which the push sends after commit.
 */
export interface ServerMutatorContext {
  readonly tx: Transaction;
  readonly services: ServiceContext;
  readonly actor: Actor;
  readonly clientGroupId: string;
}

export type ServerMutator<A> = (context: ServerMutatorContext, args: A) => Promise<void>;

/**
 * One server mutator per name in the domain's registry. Each calls the same
 * service function as the tRPC procedure, so the rules, snapshots, activity
 * entries and notices are the same whichever way an edit arrives.
 */
export const serverMutators = {
  createInteraction: async ({ services, actor }, args) => {
    const { input } = interactionCreateInputFromArgs(args);
    await createInteraction(services, actor, input, { readBack: false });
  },

  updateInteraction: async ({ tx, services, actor }, args) => {
    // The merge decides fields both sides changed by when the edit was made
    // on the device (`args.now`), not by when it reached the server.
    const current = isId(args.id) ? await loadInteraction(tx, actor.workspaceId, args.id, { forUpdate: true }) : null;
    if (current === null) {
      throw new DomainError("NOT_FOUND", `id: ${INTERACTION_NOT_FOUND}`, { id: [INTERACTION_NOT_FOUND] });
    }
    const { id, edit, base, editedAt } = interactionEditFromArgs(args);
    const merged = mergeInteractionEdit({ base, edit, current, editedAt });
    await updateInteraction(
      services,
      actor,
      { id, changes: merged.changes, parties: merged.parties },
      { readBack: false },
    );
  },

  deleteInteraction: async ({ services, actor }, args) => {
    await deleteInteraction(services, actor, args);
  },

  createContact: async ({ services, actor }, args) => {
    await createContact(services, actor, args);
  },

  updateContact: async ({ services, actor }, args) => {
    await updateContact(services, actor, args);
  },

  trashContact: async ({ services, actor }, args) => {
    await trashContact(services, actor, args.id);
  },

  restoreContact: async ({ services, actor }, args) => {
    await restoreContact(services, actor, args.id);
  },

  createCompany: async ({ services, actor }, args) => {
    await createCompany(services, actor, args);
  },

  updateCompany: async ({ services, actor }, args) => {
    await updateCompany(services, actor, args);
  },

  addMembership: async ({ services, actor }, args) => {
    await addMember(services, actor, args);
  },

  updateMembership: async ({ tx, services, actor }, args) => {
    const key = await membershipKey(tx, actor, args.id);
    await updateMember(services, actor, { ...key, changes: args.changes });
  },

  removeMembership: async ({ tx, services, actor }, args) => {
    const key = await membershipKey(tx, actor, args.id);
    await removeMember(services, actor, key);
  },

  createStaffPerson: async ({ services, actor }, args) => {
    await createStaffPerson(services, actor, args);
  },

  updateStaffPerson: async ({ services, actor }, args) => {
    await updateStaffPerson(services, actor, args);
  },

  trashStaffPerson: async ({ services, actor }, args) => {
    await trashStaffPerson(services, actor, args.id);
  },

  restoreStaffPerson: async ({ services, actor }, args) => {
    await restoreStaffPerson(services, actor, args.id);
  },

  dismissFailure: async ({ tx, actor, clientGroupId }, args) => {
    // Dismissing twice is harmless: the entry is simply gone.
    await tx
      .delete(replicacheMutationFailures)
      .where(
        and(
          eq(replicacheMutationFailures.workspaceId, actor.workspaceId),
          eq(replicacheMutationFailures.clientGroupId, clientGroupId),
          eq(replicacheMutationFailures.clientId, args.clientID),
          eq(replicacheMutationFailures.mutationId, args.mutationID),
        ),
      );
  },
} satisfies { readonly [N in MutatorName]: ServerMutator<ParsedMutatorArgs<N>> };

export type ServerMutatorName = keyof typeof serverMutators;

/**
 * Parses a pushed mutation and runs its server mutator. An unknown name or
 * bad arguments throw a BAD_REQUEST DomainError, a rule failure like any other.
 */
export async function runServerMutator(context: ServerMutatorContext, name: string, args: unknown): Promise<void> {
  await runParsed(context, parseMutation(name, args));
}

/**
 * Binds services to a push's transaction. Queries run on `tx`, and notices are
 * collected for after commit. The push runs the whole server mutator in one
 * savepoint, so the services' own transactions run directly in it instead of
 * opening savepoints of their own (see `withoutNestedSavepoints`).
 */
export function servicesInTransaction(
  services: ServiceContext,
  tx: Transaction,
  notices: ChangeNotice[],
): ServiceContext {
  return {
    ...services,
    db: withoutNestedSavepoints(tx),
    notifier: {
      notify: (notice) => {
        notices.push(notice);
        return Promise.resolve();
      },
      subscribe: (workspaceId, listener) => services.notifier.subscribe(workspaceId, listener),
    },
  };
}

/**
 * Returns `tx` with `transaction(fn)` running fn on the same transaction
 * instead of in a savepoint, which saves the SAVEPOINT statement of each
 * service transaction and its ROLLBACK TO or RELEASE. This is safe only inside
 * a savepoint that the caller rolls back on any error, as the push does,
 * because a service can then no longer undo its own writes alone.
 * A database error leaves the transaction aborted until that rollback, so a
 * service's `runInTransaction` retrying a serialization failure would only
 * meet "current transaction is aborted". Every later `transaction(fn)` call
 * therefore throws the first database error again without running fn, and the
 * push's own transaction retries with a new snapshot.
 * NOTE: the service's `runInTransaction` still pauses between its attempts
 * before it gives up, 75 to 150 ms in all, as it did when each attempt
 * failed again in a savepoint on the same snapshot.
 */
function withoutNestedSavepoints(tx: Transaction): Transaction {
  let abortedBy: { readonly error: unknown } | undefined;
  const flat: Transaction = new Proxy(tx, {
    get(target, property, receiver) {
      if (property !== "transaction") return Reflect.get(target, property, receiver) as unknown;
      return async <T>(fn: (inner: Transaction) => Promise<T>): Promise<T> => {
        if (abortedBy !== undefined) throw abortedBy.error;
        try {
          return await fn(flat);
        } catch (error) {
          if (sqlStateOf(error) !== undefined) abortedBy = { error };
          throw error;
        }
      };
    },
  });
  return flat;
}

function runParsed(context: ServerMutatorContext, mutation: ParsedMutation): Promise<void> {
  // TypeScript cannot pair each name with its own arguments across the union; parseMutation did.
  const mutator = serverMutators[mutation.name] as ServerMutator<ParsedMutation["args"]>;
  return mutator(context, mutation.args);
}

/** Returns the company and contact of a membership, which the membership services take. */
async function membershipKey(
  tx: Transaction,
  actor: Actor,
  id: string,
): Promise<{ readonly companyId: string; readonly contactId: string }> {
  const [row] = await tx
    .select({ companyId: memberships.companyId, contactId: memberships.contactId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.id, id)));
  if (row === undefined) {
    throw new DomainError("NOT_FOUND", "id: membership not found; it may have been removed", {
      id: ["membership not found; it may have been removed"],
    });
  }
  return row;
}
