import {
  DomainError,
  INTERACTION_NOT_FOUND,
  assertCanManageStaff,
  assertCanModifyInteraction,
  interactionCreateInputFromArgs,
  parseMutatorArgs,
  planCreateInteraction,
  planInteractionUpdateFromArgs,
  validationError,
  type Actor,
  type Interaction,
  type MutatorArgs,
  type MutatorName,
  type SettableStatus,
} from "@crm/domain";
import type { WriteTransaction } from "replicache";

import {
  interactionFromReplica,
  interactionToReplica,
  membershipsOfContact,
  readAll,
  readCompany,
  readContact,
  readInteraction,
  readMembership,
  readSignedInUser,
  readStaffPerson,
  replicaKey,
  replicaSnapshotLookup,
  type ReplicaCompany,
  type ReplicaContact,
  type ReplicaMembership,
  type ReplicaStaffPerson,
} from "./replica";

/** The client mutators: one per name of the domain's mutator registry. Arguments are JSON, as they are pushed. */
export type ClientMutators = {
  readonly [N in MutatorName]: (tx: WriteTransaction, args: MutatorArgs<N>) => Promise<void>;
};

export interface MutatorContext {
  /** The signed-in user, who owns what this device logs. */
  readonly userId: string;
  /** The clock for rows whose arguments carry no time; tests pass a fixed one. */
  readonly now?: () => Date;
}

export const CONTACT_NOT_FOUND_MESSAGE = "contact not found; it may have been deleted";
export const COMPANY_NOT_FOUND_MESSAGE = "company not found; it may have been deleted";
export const MEMBERSHIP_NOT_FOUND_MESSAGE = "membership not found; it may have been removed";
export const STAFF_PERSON_NOT_FOUND_MESSAGE = "staff person not found; they may have been deleted";

/**
 * Builds the client mutators. Each parses its arguments with the domain
 * registry, applies the same rules as the server against the replica, and
 * writes the result at once. The server's values replace it on the next pull.
 * A broken rule throws a DomainError when the user makes the edit. When
 * Replicache replays a mutation on newer server data, a broken rule leaves the
 * replica as it is instead, because the server has the final word and a throw
 * there would stop the pull that replays it.
 */
export function createClientMutators(context: MutatorContext): ClientMutators {
  const clock = context.now ?? (() => new Date());

  const mutators: ClientMutators = {
    createInteraction: replayable(async (tx, args) => {
      const parsed = parseMutatorArgs("createInteraction", args);
      const { input, now } = interactionCreateInputFromArgs(parsed);
      const key = replicaKey.interaction(parsed.interaction.id);
      if (await tx.has(key)) {
        throw conflict(
          "interaction.id",
          "is taken by another interaction. Create the interaction with a new id.",
        );
      }

      const subject = await readContact(tx, parsed.interaction.contactId);
      const planned = await planCreateInteraction(input, {
        lookup: replicaSnapshotLookup(tx),
        now,
        newId: idsComeFromArguments,
        ownerUserId: context.userId,
        workspaceId: subject?.workspaceId ?? "",
      });
      if (!planned.ok) throw validationError(planned.errors);

      // File details arrive with the server's copy, because the arguments carry only file ids.
      await tx.set(key, interactionToReplica(planned.interaction));
    }),

    updateInteraction: replayable(async (tx, args) => {
      const parsed = parseMutatorArgs("updateInteraction", args);
      const stored = await readInteraction(tx, parsed.id);
      if (!stored) throw notFound("id", INTERACTION_NOT_FOUND);
      const current = interactionFromReplica(stored);
      assertCanModifyInteraction(await actor(tx, context), current);

      const planned = await planInteractionUpdateFromArgs(current, parsed, {
        lookup: replicaSnapshotLookup(tx),
        now: new Date(parsed.now),
        newId: idsComeFromArguments,
      });
      if (!planned.ok) throw validationError(planned.errors);

      await tx.set(replicaKey.interaction(parsed.id), interactionToReplica(planned.interaction, stored));
    }),

    deleteInteraction: replayable(async (tx, args) => {
      const { id } = parseMutatorArgs("deleteInteraction", args);
      const stored = await readInteraction(tx, id);
      if (!stored) throw notFound("id", INTERACTION_NOT_FOUND);
      assertCanModifyInteraction(await actor(tx, context), interactionFromReplica(stored));
      await tx.del(replicaKey.interaction(id));
    }),

    createContact: replayable(async (tx, args) => {
      const parsed = parseMutatorArgs("createContact", args);
      if (await tx.has(replicaKey.contact(parsed.id))) {
        throw conflict("id", "is taken by another contact. Create the contact with a new id.");
      }
      await assertEmailFree(tx, parsed.id, parsed.email);
      const now = clock().toISOString();
      const contact: ReplicaContact = {
        id: parsed.id,
        workspaceId: await workspaceIdOf(tx),
        name: parsed.name,
        email: parsed.email ?? null,
        phone: parsed.phone ?? null,
        notes: parsed.notes ?? null,
        status: parsed.status ?? "active",
        statusBeforeTrash: null,
        createdAt: now,
        updatedAt: now,
      };
      await tx.set(replicaKey.contact(parsed.id), contact);
    }),

    updateContact: replayable(async (tx, args) => {
      const { id, changes } = parseMutatorArgs("updateContact", args);
      const contact = await readContact(tx, id);
      if (!contact) throw notFound("id", CONTACT_NOT_FOUND_MESSAGE);
      if (changes.email !== undefined) await assertEmailFree(tx, id, changes.email);
      const { status, ...fields } = definedOnly(changes);
      await tx.set(replicaKey.contact(id), {
        ...contact,
        ...fields,
        ...statusChange(contact, status),
        updatedAt: clock().toISOString(),
      } satisfies ReplicaContact);
    }),

    trashContact: replayable(async (tx, args) => {
      const { id } = parseMutatorArgs("trashContact", args);
      const contact = await readContact(tx, id);
      if (!contact) throw notFound("id", CONTACT_NOT_FOUND_MESSAGE);
      if (contact.status === "trashed") return;
      await tx.set(replicaKey.contact(id), {
        ...contact,
        status: "trashed",
        statusBeforeTrash: contact.status,
        updatedAt: clock().toISOString(),
      } satisfies ReplicaContact);
    }),

    restoreContact: replayable(async (tx, args) => {
      const { id } = parseMutatorArgs("restoreContact", args);
      const contact = await readContact(tx, id);
      if (!contact) throw notFound("id", CONTACT_NOT_FOUND_MESSAGE);
      if (contact.status !== "trashed") return;
      await tx.set(replicaKey.contact(id), {
        ...contact,
        status: contact.statusBeforeTrash ?? "active",
        statusBeforeTrash: null,
        updatedAt: clock().toISOString(),
      } satisfies ReplicaContact);
    }),

    createCompany: replayable(async (tx, args) => {
      const parsed = parseMutatorArgs("createCompany", args);
      if (await tx.has(replicaKey.company(parsed.id))) {
        throw conflict("id", "is taken by another company. Create the company with a new id.");
      }
      const now = clock().toISOString();
      const company: ReplicaCompany = {
        id: parsed.id,
        workspaceId: await workspaceIdOf(tx),
        name: parsed.name,
        status: parsed.status ?? "active",
        statusBeforeTrash: null,
        website: parsed.website ?? null,
        email: parsed.email ?? null,
        phone: parsed.phone ?? null,
        address: parsed.address ?? null,
        industry: parsed.industry ?? null,
        notes: parsed.notes ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await tx.set(replicaKey.company(parsed.id), company);
    }),

    updateCompany: replayable(async (tx, args) => {
      const { id, changes } = parseMutatorArgs("updateCompany", args);
      const company = await readCompany(tx, id);
      if (!company) throw notFound("id", COMPANY_NOT_FOUND_MESSAGE);
      const { status, ...fields } = definedOnly(changes);
      await tx.set(replicaKey.company(id), {
        ...company,
        ...fields,
        ...statusChange(company, status),
        updatedAt: clock().toISOString(),
      } satisfies ReplicaCompany);
    }),

    addMembership: replayable(async (tx, args) => {
      const parsed = parseMutatorArgs("addMembership", args);
      if (await tx.has(replicaKey.membership(parsed.id))) {
        throw conflict("id", "is taken by another membership. Add the membership with a new id.");
      }
      const contact = await readContact(tx, parsed.contactId);
      if (!contact) throw notFound("contactId", CONTACT_NOT_FOUND_MESSAGE);
      if (!(await readCompany(tx, parsed.companyId))) throw notFound("companyId", COMPANY_NOT_FOUND_MESSAGE);
      const others = await membershipsOfContact(tx, parsed.contactId);
      if (others.some((membership) => membership.companyId === parsed.companyId)) {
        throw conflict("companyId", "already has this contact as a member. Edit that membership instead.");
      }

      const now = clock().toISOString();
      const membership: ReplicaMembership = {
        id: parsed.id,
        workspaceId: contact.workspaceId,
        companyId: parsed.companyId,
        contactId: parsed.contactId,
        roleInCompany: parsed.roleInCompany ?? null,
        department: parsed.department ?? null,
        isPrimary: parsed.isPrimary ?? false,
        position: parsed.position ?? 0,
        createdAt: now,
        updatedAt: now,
      };
      if (membership.isPrimary) await demotePrimary(tx, others, now);
      await tx.set(replicaKey.membership(parsed.id), membership);
    }),

    updateMembership: replayable(async (tx, args) => {
      const { id, changes } = parseMutatorArgs("updateMembership", args);
      const membership = await readMembership(tx, id);
      if (!membership) throw notFound("id", MEMBERSHIP_NOT_FOUND_MESSAGE);
      const now = clock().toISOString();
      const next: ReplicaMembership = { ...membership, ...definedOnly(changes), updatedAt: now };
      if (next.isPrimary && !membership.isPrimary) {
        const others = await membershipsOfContact(tx, membership.contactId);
        await demotePrimary(
          tx,
          others.filter((other) => other.id !== id),
          now,
        );
      }
      await tx.set(replicaKey.membership(id), next);
    }),

    removeMembership: replayable(async (tx, args) => {
      const { id } = parseMutatorArgs("removeMembership", args);
      if (!(await tx.del(replicaKey.membership(id)))) throw notFound("id", MEMBERSHIP_NOT_FOUND_MESSAGE);
    }),

    createStaffPerson: replayable(async (tx, args) => {
      const parsed = parseMutatorArgs("createStaffPerson", args);
      assertCanManageStaff(await actor(tx, context));
      if (await tx.has(replicaKey.staff(parsed.id))) {
        throw conflict("id", "is taken by another staff person. Create the staff person with a new id.");
      }
      const now = clock().toISOString();
      const staff: ReplicaStaffPerson = {
        id: parsed.id,
        workspaceId: await workspaceIdOf(tx),
        name: parsed.name,
        jobTitle: parsed.jobTitle ?? null,
        employmentType: parsed.employmentType ?? null,
        email: parsed.email ?? null,
        status: parsed.status ?? "active",
        statusBeforeTrash: null,
        createdAt: now,
        updatedAt: now,
      };
      await tx.set(replicaKey.staff(parsed.id), staff);
    }),

    updateStaffPerson: replayable(async (tx, args) => {
      const { id, changes } = parseMutatorArgs("updateStaffPerson", args);
      assertCanManageStaff(await actor(tx, context));
      const staff = await readStaffPerson(tx, id);
      if (!staff) throw notFound("id", STAFF_PERSON_NOT_FOUND_MESSAGE);
      const { status, ...fields } = definedOnly(changes);
      await tx.set(replicaKey.staff(id), {
        ...staff,
        ...fields,
        ...statusChange(staff, status),
        updatedAt: clock().toISOString(),
      } satisfies ReplicaStaffPerson);
    }),

    trashStaffPerson: replayable(async (tx, args) => {
      const { id } = parseMutatorArgs("trashStaffPerson", args);
      assertCanManageStaff(await actor(tx, context));
      const staff = await readStaffPerson(tx, id);
      if (!staff) throw notFound("id", STAFF_PERSON_NOT_FOUND_MESSAGE);
      if (staff.status === "trashed") return;
      await tx.set(replicaKey.staff(id), {
        ...staff,
        status: "trashed",
        statusBeforeTrash: staff.status,
        updatedAt: clock().toISOString(),
      } satisfies ReplicaStaffPerson);
    }),

    restoreStaffPerson: replayable(async (tx, args) => {
      const { id } = parseMutatorArgs("restoreStaffPerson", args);
      assertCanManageStaff(await actor(tx, context));
      const staff = await readStaffPerson(tx, id);
      if (!staff) throw notFound("id", STAFF_PERSON_NOT_FOUND_MESSAGE);
      if (staff.status !== "trashed") return;
      await tx.set(replicaKey.staff(id), {
        ...staff,
        status: staff.statusBeforeTrash ?? "active",
        statusBeforeTrash: null,
        updatedAt: clock().toISOString(),
      } satisfies ReplicaStaffPerson);
    }),

    dismissFailure: replayable(async (tx, args) => {
      const { clientID, mutationID } = parseMutatorArgs("dismissFailure", args);
      // Dismissing twice is harmless: the record is simply gone.
      await tx.del(replicaKey.failure(mutationID, clientID));
    }),
  };
  return mutators satisfies Record<MutatorName, unknown>;
}

/**
 * Returns the `base` of an `updateInteraction`: the interaction as the editor
 * showed it, which the server merges the edit against. Take it when the form opens.
 */
export function interactionEditBase(interaction: Interaction): MutatorArgs<"updateInteraction">["base"] {
  return {
    type: interaction.type,
    occurredAt: interaction.occurredAt.toISOString(),
    timeZone: interaction.timeZone,
    subject: interaction.subject,
    body: interaction.body,
    metadata: interaction.metadata,
    parties: [...interaction.parties]
      .sort((a, b) => a.position - b.position)
      .map((party) => ({
        rawName: party.rawName,
        contactId: party.contactId,
        staffPersonId: party.staffPersonId,
      })),
  };
}

/** Runs a mutator, keeping its rule failures to the user's own call (see `createClientMutators`). */
function replayable<A>(
  apply: (tx: WriteTransaction, args: A) => Promise<void>,
): (tx: WriteTransaction, args: A) => Promise<void> {
  return async (tx, args) => {
    try {
      await apply(tx, args);
    } catch (error) {
      if (tx.reason === "initial") throw error;
    }
  };
}

/**
 * Throws, because mutation arguments carry the id of every row they create so
 * that the optimistic write and the server's write agree. A call is a bug.
 */
function idsComeFromArguments(): string {
  throw new Error(
    "a mutation must carry the id of every row it creates. Add the missing id to its arguments.",
  );
}

/** Returns the signed-in user for the permission rules, as a member until the first pull stores their role. */
async function actor(tx: WriteTransaction, context: MutatorContext): Promise<Actor> {
  const user = await readSignedInUser(tx);
  return { userId: context.userId, role: user?.role ?? "member" };
}

/** Returns the signed-in user's workspace id, or the empty id until the first pull, whose values replace it. */
async function workspaceIdOf(tx: WriteTransaction): Promise<string> {
  return (await readSignedInUser(tx))?.workspaceId ?? "";
}

/** Rejects an email another contact has, ignoring case. Trashed contacts count too, as in the database. */
async function assertEmailFree(tx: WriteTransaction, contactId: string, email: string | null | undefined) {
  if (!email) return;
  const wanted = email.toLowerCase();
  const contacts = await readAll(tx, "contact");
  if (contacts.some((contact) => contact.id !== contactId && contact.email?.toLowerCase() === wanted)) {
    throw conflict("email", "is used by another contact. Search for that contact instead.");
  }
}

/**
 * Turns a status edit into fields. On a trashed record it sets the status that
 * restore brings back, so editing never takes a record out of the trash.
 */
function statusChange(
  record: { readonly status: string },
  status: SettableStatus | undefined,
): { status?: SettableStatus; statusBeforeTrash?: SettableStatus } {
  if (status === undefined) return {};
  return record.status === "trashed" ? { statusBeforeTrash: status } : { status };
}

async function demotePrimary(tx: WriteTransaction, memberships: readonly ReplicaMembership[], now: string) {
  for (const membership of memberships) {
    if (!membership.isPrimary) continue;
    await tx.set(replicaKey.membership(membership.id), { ...membership, isPrimary: false, updatedAt: now });
  }
}

/** Drops the keys whose value is undefined, so a spread never clears a field the edit left out. */
function definedOnly<T extends object>(changes: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function notFound(field: string, message: string): DomainError {
  return new DomainError("NOT_FOUND", `${field}: ${message}`, { [field]: [message] });
}

function conflict(field: string, message: string): DomainError {
  return new DomainError("CONFLICT", `${field}: ${message}`, { [field]: [message] });
}
