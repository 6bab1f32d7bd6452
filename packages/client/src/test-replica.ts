import type { PullRequestV1, PushRequestV1, ReadonlyJSONValue } from "replicache";
import { uuidv7 } from "uuidv7";
import { vi } from "vitest";

import { createReplicache, type CrmReplicache } from "./create-replicache";
import {
  SIGNED_IN_USER_KEY,
  replicaKey,
  type ReplicaCompany,
  type ReplicaContact,
  type ReplicaMembership,
  type ReplicaStaffPerson,
  type SignedInUser,
} from "./replica";
import type { SyncTrpcClient } from "./trpc-client";

// Helpers for this package's tests: a stand-in for the server's sync
// procedures and replica rows as the server writes them. Not exported.

export const WORKSPACE_ID = "01900000-0000-7000-8000-000000000001";
export const USER_ID = "01900000-0000-7000-8000-000000000002";
export const OTHER_USER_ID = "01900000-0000-7000-8000-000000000003";
export const NOW = "2026-03-01T10:15:00.000Z";

/** Test ids: `testId(0xa1)` is `01900000-0000-7000-8000-0000000000a1`. */
export function testId(n: number): string {
  return `01900000-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;
}

export interface PokeHandlers {
  readonly onStarted?: () => void;
  readonly onData: (event: unknown) => void;
  readonly onError: (error: unknown) => void;
}

/** The sync procedures as a test scripts them, with every request recorded. */
export interface FakeSyncServer extends SyncTrpcClient {
  readonly pushes: PushRequestV1[];
  readonly pulls: PullRequestV1[];
  readonly pokeHandlers: PokeHandlers[];
  push: (request: PushRequestV1) => Promise<unknown>;
  pull: (request: PullRequestV1) => Promise<unknown>;
}

/** Without a script, every push and pull fails as if the device were offline. */
export function fakeSyncServer(): FakeSyncServer {
  const offline = () => Promise.reject(new TypeError("fetch failed"));
  const server: FakeSyncServer = {
    pushes: [],
    pulls: [],
    pokeHandlers: [],
    push: offline,
    pull: offline,
    sync: {
      push: {
        mutate: (request) => {
          server.pushes.push(copy(request));
          return server.push(request);
        },
      },
      pull: {
        mutate: (request) => {
          server.pulls.push(copy(request));
          return server.pull(request);
        },
      },
      poke: {
        subscribe: (_input, handlers) => {
          server.pokeHandlers.push(handlers);
          return {
            unsubscribe: () => {
              server.pokeHandlers.splice(server.pokeHandlers.indexOf(handlers), 1);
            },
          };
        },
      },
    },
  };
  return server;
}

/** Creates a pull handler whose first response puts `values` and whose later responses are empty. */
export function serveOnce(values: Readonly<Record<string, ReadonlyJSONValue>>): FakeSyncServer["pull"] {
  let served = false;
  return () => {
    const patch = served ? [] : Object.entries(values).map(([key, value]) => ({ op: "put", key, value }));
    served = true;
    return Promise.resolve({
      response: { cookie: { order: 1 }, lastMutationIDChanges: {}, patch },
      partial: false,
    });
  };
}

export interface TestReplica {
  readonly rep: CrmReplicache;
  readonly server: FakeSyncServer;
}

/**
 * Opens an in-memory replica holding `values`, as if the server had sent
 * them in the first pull. After that pull the server is offline.
 */
export async function openReplica(
  values: Readonly<Record<string, ReadonlyJSONValue>> = {},
  server: FakeSyncServer = fakeSyncServer(),
): Promise<TestReplica> {
  const offline = server.pull;
  server.pull = serveOnce({ [SIGNED_IN_USER_KEY]: signedInUser(), ...values });
  const rep = createReplicache({
    name: `test-${uuidv7()}`,
    trpc: server,
    userId: USER_ID,
    kvStore: "mem",
    pullInterval: null,
    logLevel: "error",
  });
  await waitFor(() => rep.query((tx) => tx.has(SIGNED_IN_USER_KEY)));
  server.pull = offline;
  return { rep, server };
}

/** Polls until `check` is true, for effects Replicache runs in the background. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeout = 5_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`condition not met within ${timeout} ms`);
    },
    { timeout, interval: 5 },
  );
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function signedInUser(overrides: Partial<SignedInUser> = {}): SignedInUser {
  return {
    userId: USER_ID,
    workspaceId: WORKSPACE_ID,
    role: "member",
    staffPersonId: null,
    contactId: null,
    name: "Uma User",
    email: "uma@example.com",
    ...overrides,
  };
}

export function contactRow(
  id: string,
  overrides: Partial<ReplicaContact> = {},
): Record<string, ReplicaContact> {
  return {
    [replicaKey.contact(id)]: {
      id,
      workspaceId: WORKSPACE_ID,
      name: "Unnamed",
      email: null,
      phone: null,
      notes: null,
      status: "active",
      statusBeforeTrash: null,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      version: 1,
      ...overrides,
    },
  };
}

export function companyRow(id: string, name: string): Record<string, ReplicaCompany> {
  return {
    [replicaKey.company(id)]: {
      id,
      workspaceId: WORKSPACE_ID,
      name,
      status: "active",
      statusBeforeTrash: null,
      website: null,
      email: null,
      phone: null,
      address: null,
      industry: null,
      notes: null,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      version: 1,
    },
  };
}

export function membershipRow(
  id: string,
  fields: Pick<ReplicaMembership, "contactId" | "companyId"> & Partial<ReplicaMembership>,
): Record<string, ReplicaMembership> {
  return {
    [replicaKey.membership(id)]: {
      id,
      workspaceId: WORKSPACE_ID,
      roleInCompany: null,
      department: null,
      isPrimary: false,
      position: 0,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      version: 1,
      ...fields,
    },
  };
}

export function staffRow(
  id: string,
  overrides: Partial<ReplicaStaffPerson> = {},
): Record<string, ReplicaStaffPerson> {
  return {
    [replicaKey.staff(id)]: {
      id,
      workspaceId: WORKSPACE_ID,
      name: "Unnamed",
      jobTitle: null,
      employmentType: null,
      email: null,
      status: "active",
      statusBeforeTrash: null,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      version: 1,
      ...overrides,
    },
  };
}

/** People and companies most tests start from. */
export const ids = {
  ada: testId(0xa1),
  grace: testId(0xa2),
  alan: testId(0xa3),
  linus: testId(0xb1),
  acme: testId(0xc1),
  globex: testId(0xc2),
  adaAtAcme: testId(0xe1),
  graceAtGlobex: testId(0xe2),
} as const;

export function crmRows(): Record<string, ReadonlyJSONValue> {
  return {
    ...contactRow(ids.ada, { name: "Ada Lovelace", email: "ada@example.com" }),
    ...contactRow(ids.grace, { name: "Grace Hopper", email: "grace@example.com" }),
    ...contactRow(ids.alan, { name: "Alan Turing", email: "alan@example.com" }),
    ...staffRow(ids.linus, { name: "Linus", jobTitle: "Account manager", employmentType: "full_time" }),
    ...companyRow(ids.acme, "Acme"),
    ...companyRow(ids.globex, "Globex"),
    ...membershipRow(ids.adaAtAcme, {
      contactId: ids.ada,
      companyId: ids.acme,
      roleInCompany: "CTO",
      isPrimary: true,
    }),
    ...membershipRow(ids.graceAtGlobex, {
      contactId: ids.grace,
      companyId: ids.globex,
      roleInCompany: "Admiral",
    }),
  };
}
