import { getInteraction, listFailures, syncStatusOf, type CrmReplicache } from "@crm/client";
import { parseMutatorArgs, type MutatorArgs } from "@crm/domain";
import { useEffect } from "react";
import { uuidv7 } from "uuidv7";

import { loadDraft, saveDraft } from "./composer-draft";
import { composerValuesFromFailedArgs } from "./composer-values";

/*
 * Composer saves are kept in localStorage from just before their mutation is
 * made until the server confirms or rejects it.
 *
 * Replicache 15 applies a mutation in memory and writes it to IndexedDB on a
 * timer, about a second later, not when the page unloads. Its public API has no
 * call that writes at once (`persist` belongs to the internal ReplicacheImpl),
 * and a `pagehide` handler could only start that write of several IndexedDB
 * steps, with nothing to make it finish. localStorage writes synchronously, so a kept save
 * survives a reload, a closed tab or a crash. The next page that opens the
 * user's replica adopts the saves of pages that are gone, and makes again, with
 * the same arguments and ids, each mutation that the replica lacks.
 */

export type KeptMutation =
  | { readonly name: "createInteraction"; readonly args: MutatorArgs<"createInteraction"> }
  | { readonly name: "updateInteraction"; readonly args: MutatorArgs<"updateInteraction"> };

/**
 * Makes a composer mutation, kept in localStorage until the server has it.
 * Throws what the mutator throws, and then keeps nothing.
 */
export async function mutateKept(rep: CrmReplicache, userId: string, mutation: KeptMutation): Promise<void> {
  await holdPageLock();
  const key = mutationKey(mutation.name, mutation.args);
  writeSave(userId, { key, pageId: PAGE_ID, keptAt: Date.now(), mutation });
  try {
    await makeMutation(rep, mutation);
  } catch (error) {
    removeSave(userId, key);
    throw error;
  }
  madeBy(rep).add(key);
}

/**
 * Looks after the kept saves of a user while their replica is open: removes
 * those the server confirmed or rejected, and makes again the lost ones of
 * pages that are gone (the page before a reload, a closed tab).
 */
export function useKeptSaves(rep: CrmReplicache, userId: string): void {
  useEffect(() => {
    const abort = new AbortController();
    // The status changes whenever the list of pending mutations does.
    const stopRemoving = syncStatusOf(rep).subscribe(() => {
      void forgetSettledSaves(rep, userId);
    });
    void adoptSaves(rep, userId, abort.signal);
    return () => {
      abort.abort();
      stopRemoving();
    };
  }, [rep, userId]);
}

const PREFIX = "crm.kept-save.v1";
const TAB_PAGE_KEY = "crm.page";

/**
 * The wait before adopting the saves of a closed tab. That tab may have written
 * them to IndexedDB just before it closed, and this page's replica reads such
 * writes after Replicache's refresh delay (1 to 1.5 s, read from Replicache 15's code).
 */
const CLOSED_TAB_SETTLE_MS = 3_000;

interface KeptSave {
  /** The mutation's identity: its interaction id, and for an edit the client's `now` too. */
  readonly key: string;
  /** The page load that made the mutation. Its Web Lock stays held until that page is gone. */
  readonly pageId: string;
  readonly keptAt: number;
  readonly mutation: KeptMutation;
}

/** This page load. */
const PAGE_ID = uuidv7();

/** Keys of the kept saves whose mutation each replica of this page load has made. */
const madeKeys = new WeakMap<CrmReplicache, Set<string>>();

let pageLock: Promise<void> | undefined;
let previousPageOfTab: string | null | undefined;

/** Resolves once this page holds its lock, which the browser releases when the page is gone. */
function holdPageLock(): Promise<void> {
  pageLock ??= new Promise((resolve) => {
    if (!("locks" in navigator)) {
      resolve();
      return;
    }
    void navigator.locks.request(pageLockName(PAGE_ID), () => {
      resolve();
      return new Promise<void>(() => undefined);
    });
  });
  return pageLock;
}

/** Removes the saves made here whose mutation is no longer pending, because the server confirmed or rejected it. */
async function forgetSettledSaves(rep: CrmReplicache, userId: string): Promise<void> {
  // Only saves made before the pending list is read can be judged by it.
  const made = [...madeBy(rep)];
  if (made.length === 0 || rep.closed) return;
  const pending = await pendingKeys(rep).catch(() => null);
  if (pending === null) return;

  for (const key of made) {
    if (pending.has(key)) continue;
    madeBy(rep).delete(key);
    if (readSave(userId, key)?.pageId === PAGE_ID) removeSave(userId, key);
  }
}

/** Adopts the saves of other page loads once each is gone, which may be at once or when its tab closes. */
async function adoptSaves(rep: CrmReplicache, userId: string, signal: AbortSignal): Promise<void> {
  await holdPageLock();
  const previousPage = takeTabPage();
  const pageIds = new Set(listSaves(userId).map((save) => save.pageId));
  pageIds.delete(PAGE_ID);

  await Promise.all(
    [...pageIds].map((pageId) =>
      whenPageGone(pageId, signal, async () => {
        // After a reload this page's replica was read from IndexedDB after the previous page was gone.
        if (pageId !== previousPage) await delay(CLOSED_TAB_SETTLE_MS);
        if (!signal.aborted) await recoverSaves(rep, userId, pageId);
      }),
    ),
  );
}

/**
 * Recovers the saves of a page that is gone, in the order it made them. A
 * mutation the replica lists as pending is in IndexedDB, and one the server
 * rejected has its failure notice, so those saves are done. The others are made
 * again by this page and kept until the server has them.
 */
async function recoverSaves(rep: CrmReplicache, userId: string, pageId: string): Promise<void> {
  if (rep.closed) return;
  // A query waits until the replica has loaded what IndexedDB contains.
  const failed = await rep.query(async (tx) => {
    const failures = await listFailures(tx);
    return new Set(failures.map((failure) => mutationKey(failure.name, failure.args)));
  });
  const pending = await pendingKeys(rep);
  const saves = listSaves(userId)
    .filter((save) => save.pageId === pageId)
    .sort((a, b) => a.keptAt - b.keptAt);

  for (const save of saves) {
    if (pending.has(save.key) || failed.has(save.key) || (await createdAlready(rep, save.mutation))) {
      removeSave(userId, save.key);
      continue;
    }

    writeSave(userId, { ...save, pageId: PAGE_ID });
    try {
      await makeMutation(rep, save.mutation);
      madeBy(rep).add(save.key);
    } catch {
      // The replica changed since the save, so its text goes back to the composer to be saved again.
      if (await moveToDraft(rep, userId, save.mutation)) removeSave(userId, save.key);
    }
  }
}

/** Puts the text of a mutation that cannot be made again into its contact's composer draft, unless a draft is there already. */
async function moveToDraft(rep: CrmReplicache, userId: string, mutation: KeptMutation): Promise<boolean> {
  const values = composerValuesFromFailedArgs(mutation.name, mutation.args);
  if (values === null) return false;

  if (mutation.name === "createInteraction") {
    const scope = { userId, contactId: mutation.args.interaction.contactId };
    return loadDraft(scope) === null && saveDraft(scope, values, null);
  }

  const { id, base } = mutation.args;
  const interaction = await rep.query((tx) => getInteraction(tx, id));
  const contactId = interaction?.contactId ?? base.contactId;
  if (contactId === undefined) return false;
  // An edit of an interaction that is gone is logged anew.
  const scope = interaction ? { userId, contactId, interactionId: id } : { userId, contactId };
  return loadDraft(scope) === null && saveDraft(scope, values, interaction ? base : null);
}

async function createdAlready(rep: CrmReplicache, mutation: KeptMutation): Promise<boolean> {
  if (mutation.name !== "createInteraction") return false;
  const id = mutation.args.interaction.id;
  return (await rep.query((tx) => getInteraction(tx, id))) !== null;
}

/** Returns the keys of the saves that `rep` made. A replica opened later on this page does not remove them. */
function madeBy(rep: CrmReplicache): Set<string> {
  let keys = madeKeys.get(rep);
  if (!keys) {
    keys = new Set();
    madeKeys.set(rep, keys);
  }
  return keys;
}

function makeMutation(rep: CrmReplicache, mutation: KeptMutation): Promise<void> {
  return mutation.name === "createInteraction"
    ? rep.mutate.createInteraction(mutation.args)
    : rep.mutate.updateInteraction(mutation.args);
}

async function pendingKeys(rep: CrmReplicache): Promise<Set<string>> {
  const pending = await rep.experimentalPendingMutations();
  return new Set(pending.map((mutation) => mutationKey(mutation.name, mutation.args)));
}

/** Returns the key of a mutation, or "" for one the composer does not make. */
function mutationKey(name: string, args: unknown): string {
  if (typeof args !== "object" || args === null) return "";
  const fields = args as Record<string, unknown>;
  const interaction = fields.interaction as Record<string, unknown> | null | undefined;
  if (name === "createInteraction" && typeof interaction?.id === "string") return `create.${interaction.id}`;
  if (name === "updateInteraction" && typeof fields.id === "string" && typeof fields.now === "string") {
    return `update.${fields.id}.${fields.now}`;
  }
  return "";
}

/**
 * Runs `task` once the page load `pageId` is gone, holding its lock so that one
 * page at a time adopts its saves. Without Web Locks it runs at once.
 */
async function whenPageGone(pageId: string, signal: AbortSignal, task: () => Promise<void>): Promise<void> {
  if (!("locks" in navigator)) return task();
  // The request rejects with an AbortError when this page stops waiting.
  await navigator.locks.request(pageLockName(pageId), { signal }, task).catch(() => undefined);
}

function pageLockName(pageId: string): string {
  return `crm.page.${pageId}`;
}

/** Returns the page load that ran before this one in this tab, and records this one. */
function takeTabPage(): string | null {
  if (previousPageOfTab === undefined) {
    try {
      previousPageOfTab = window.sessionStorage.getItem(TAB_PAGE_KEY);
      window.sessionStorage.setItem(TAB_PAGE_KEY, PAGE_ID);
    } catch {
      previousPageOfTab = null;
    }
  }
  return previousPageOfTab;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function writeSave(userId: string, save: KeptSave): void {
  try {
    window.localStorage.setItem(saveStorageKey(userId, save.key), JSON.stringify(save));
  } catch {
    // Full or disabled storage leaves the mutation to the replica alone, as without kept saves.
  }
}

function removeSave(userId: string, key: string): void {
  try {
    window.localStorage.removeItem(saveStorageKey(userId, key));
  } catch {
    // Nothing to remove when storage is unavailable.
  }
}

function readSave(userId: string, key: string): KeptSave | null {
  try {
    return parseSave(window.localStorage.getItem(saveStorageKey(userId, key)));
  } catch {
    return null;
  }
}

function listSaves(userId: string): KeptSave[] {
  const prefix = saveStorageKey(userId, "");
  const saves: KeptSave[] = [];
  try {
    for (let index = 0; index < window.localStorage.length; index += 1) {
      const storageKey = window.localStorage.key(index);
      if (storageKey === null || !storageKey.startsWith(prefix)) continue;
      const save = parseSave(window.localStorage.getItem(storageKey));
      if (save) saves.push(save);
    }
  } catch {
    // Unavailable storage has no saves.
  }
  return saves;
}

function saveStorageKey(userId: string, key: string): string {
  return `${PREFIX}.${userId}.${key}`;
}

/** Reads a stored save, checking its arguments with the mutator's own schema. */
function parseSave(text: string | null): KeptSave | null {
  if (text === null) return null;
  try {
    const stored = JSON.parse(text) as Partial<KeptSave> | null;
    const mutation = stored?.mutation;
    if (typeof stored?.pageId !== "string" || typeof stored.keptAt !== "number" || !mutation) return null;
    if (mutation.name !== "createInteraction" && mutation.name !== "updateInteraction") return null;
    parseMutatorArgs(mutation.name, mutation.args);
    const key = mutationKey(mutation.name, mutation.args);
    return key === "" ? null : { key, pageId: stored.pageId, keptAt: stored.keptAt, mutation };
  } catch {
    return null;
  }
}
