import { users, workspaces, type DatabaseHandle } from "@crm/db";
import type { UserRole } from "@crm/domain";
import { pino } from "pino";
import { uuidv7 } from "uuidv7";

import { hashPassword } from "../src/auth/password";
import type { Actor, RequestContext, ServiceContext } from "../src/context";
import { createInProcessNotifier, type ChangeNotice } from "../src/notifier";
import { createCaller } from "../src/routers";

/** The password of every user the harness creates. */
export const TEST_PASSWORD = "correct horse battery";

/** Services over a test database, with every change notice recorded for assertions. */
export interface TestServices extends ServiceContext {
  readonly notices: ChangeNotice[];
}

export type TestCaller = ReturnType<typeof createCaller>;

/** A workspace with an admin and a member, each with a tRPC caller. */
export interface TestWorkspace {
  readonly workspaceId: string;
  readonly admin: Actor;
  readonly member: Actor;
  readonly asAdmin: TestCaller;
  readonly asMember: TestCaller;
}

/** Creates the services a server would build, over a test database handle. */
export function createTestServices(handle: DatabaseHandle): TestServices {
  const notifier = createInProcessNotifier();
  const notices: ChangeNotice[] = [];
  return {
    db: handle.db,
    notifier: {
      notify: async (notice) => {
        notices.push(notice);
        await notifier.notify(notice);
      },
      subscribe: (workspaceId, listener) => notifier.subscribe(workspaceId, listener),
    },
    logger: pino({ level: "silent" }),
    now: () => new Date(),
    newId: uuidv7,
    notices,
  };
}

/** Inserts a workspace with one admin and one member and returns callers acting as each. */
export async function createTestWorkspace(services: ServiceContext, name = "Acme"): Promise<TestWorkspace> {
  const workspaceId = uuidv7();
  await services.db.insert(workspaces).values({ id: workspaceId, name });

  const admin = await insertUser(services, workspaceId, "admin");
  const member = await insertUser(services, workspaceId, "member");
  return {
    workspaceId,
    admin,
    member,
    asAdmin: callerFor(services, admin),
    asMember: callerFor(services, member),
  };
}

/** Returns a tRPC caller acting as `actor`, or as a signed-out visitor when it is null. */
export function callerFor(services: ServiceContext, actor: Actor | null): TestCaller {
  const context: RequestContext = { services, actor, sessionToken: null, cookies: null, requestId: "test" };
  return createCaller(context);
}

let passwordHash: Promise<string> | undefined;

async function insertUser(services: ServiceContext, workspaceId: string, role: UserRole): Promise<Actor> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const userId = uuidv7();
  await services.db.insert(users).values({
    id: userId,
    workspaceId,
    email: `${role}-${userId}@example.com`,
    name: role === "admin" ? "Ada Admin" : "Max Member",
    passwordHash: await passwordHash,
    role,
  });
  return { userId, workspaceId, role, staffPersonId: null, contactId: null, sessionId: uuidv7() };
}
