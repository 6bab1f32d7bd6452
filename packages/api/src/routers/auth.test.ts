import { sessions } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";

import { callerFor, createTestServices, createTestWorkspace, TEST_PASSWORD, type TestServices } from "../../test/harness";
import { rejectionOf } from "../../test/rejection";
import type { ServiceContext, SessionCookies } from "../context";
import { INVALID_CREDENTIALS_MESSAGE, resolveSession, SESSION_LIFETIME_MS } from "../services/auth";
import { createCaller } from ".";

interface CookieJar extends SessionCookies {
  readonly sets: { token: string; expiresAt: Date }[];
  cleared: number;
}

function cookieJar(): CookieJar {
  const jar: CookieJar = {
    sets: [],
    cleared: 0,
    set: (token, expiresAt) => jar.sets.push({ token, expiresAt }),
    clear: () => {
      jar.cleared += 1;
    },
  };
  return jar;
}

function visitor(services: ServiceContext, cookies: SessionCookies | null = null) {
  return createCaller({ services, actor: null, sessionToken: null, cookies, requestId: "test" });
}

function later(services: TestServices, ms: number): ServiceContext {
  return { ...services, now: () => new Date(Date.now() + ms) };
}

describeEachDatabase("auth router", (getHandle) => {
  async function setUp() {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    const adminUser = await workspace.asAdmin.auth.me();
    const memberUser = await workspace.asMember.auth.me();
    return { services, workspace, adminEmail: adminUser!.email, memberEmail: memberUser!.email };
  }

  test("login returns token and user", async () => {
    const { services, workspace, adminEmail } = await setUp();
    const cookies = cookieJar();

    const result = await visitor(services, cookies).auth.login({ email: adminEmail, password: TEST_PASSWORD });

    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.user.id).toBe(workspace.admin.userId);
    expect(result.user).not.toHaveProperty("passwordHash");
    expect(cookies.sets).toHaveLength(1);
    expect(cookies.sets[0]?.token).toBe(result.token);
    const lifetime = cookies.sets[0]!.expiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(SESSION_LIFETIME_MS - 60_000);
    expect(lifetime).toBeLessThanOrEqual(SESSION_LIFETIME_MS);
  });

  test("login stores only the token hash", async () => {
    const { services, adminEmail } = await setUp();
    const { token } = await visitor(services).auth.login({ email: adminEmail, password: TEST_PASSWORD });

    const rows = await services.db.select().from(sessions);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).not.toBe(token);
  });

  test("login ignores email case", async () => {
    const { services, workspace, adminEmail } = await setUp();

    const result = await visitor(services).auth.login({ email: adminEmail.toUpperCase(), password: TEST_PASSWORD });

    expect(result.user.id).toBe(workspace.admin.userId);
  });

  test("login with wrong password", async () => {
    const { services, adminEmail } = await setUp();

    const rejection = await rejectionOf(visitor(services).auth.login({ email: adminEmail, password: "wrong password" }));

    expect(rejection.code).toBe("UNAUTHORIZED");
    expect(rejection.message).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  test("login with unknown email", async () => {
    const { services } = await setUp();

    const rejection = await rejectionOf(
      visitor(services).auth.login({ email: "nobody@example.com", password: TEST_PASSWORD }),
    );

    expect(rejection.code).toBe("UNAUTHORIZED");
    expect(rejection.message).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  test("login of deactivated user", async () => {
    const { services, workspace, memberEmail } = await setUp();
    await workspace.asAdmin.users.deactivate({ id: workspace.member.userId });

    const rejection = await rejectionOf(visitor(services).auth.login({ email: memberEmail, password: TEST_PASSWORD }));

    expect(rejection.code).toBe("UNAUTHORIZED");
    expect(rejection.message).toBe(INVALID_CREDENTIALS_MESSAGE);
  });

  test("bearer token resolves to actor", async () => {
    const { services, workspace, memberEmail } = await setUp();
    const { token } = await visitor(services).auth.login({ email: memberEmail, password: TEST_PASSWORD });

    const actor = await resolveSession(services, token);

    expect(actor?.userId).toBe(workspace.member.userId);
    expect(actor?.workspaceId).toBe(workspace.workspaceId);
    expect(actor?.role).toBe("member");
  });

  test("expired token resolves to null", async () => {
    const { services, memberEmail } = await setUp();
    const { token } = await visitor(services).auth.login({ email: memberEmail, password: TEST_PASSWORD });

    const actor = await resolveSession(later(services, SESSION_LIFETIME_MS + 1000), token);

    expect(actor).toBeNull();
  });

  test("unknown token resolves to null", async () => {
    const { services } = await setUp();

    expect(await resolveSession(services, "not-a-token")).toBeNull();
    expect(await resolveSession(services, "")).toBeNull();
  });

  test("last seen updated at most once a minute", async () => {
    const { services, memberEmail } = await setUp();
    const { token } = await visitor(services).auth.login({ email: memberEmail, password: TEST_PASSWORD });
    const lastSeen = async () => (await services.db.select().from(sessions))[0]!.lastSeenAt.getTime();
    const first = await lastSeen();

    await resolveSession(later(services, 30_000), token);
    const afterHalfMinute = await lastSeen();
    await resolveSession(later(services, 120_000), token);
    const afterTwoMinutes = await lastSeen();

    expect(afterHalfMinute).toBe(first);
    expect(afterTwoMinutes).toBeGreaterThanOrEqual(first + 120_000);
  });

  test("logout ends session and clears cookie", async () => {
    const { services, memberEmail } = await setUp();
    const { token } = await visitor(services).auth.login({ email: memberEmail, password: TEST_PASSWORD });
    const actor = await resolveSession(services, token);
    const cookies = cookieJar();

    await createCaller({ services, actor, sessionToken: token, cookies, requestId: "test" }).auth.logout();

    expect(await resolveSession(services, token)).toBeNull();
    expect(cookies.cleared).toBe(1);
  });

  test("logout when signed out", async () => {
    const { services } = await setUp();
    const cookies = cookieJar();

    await visitor(services, cookies).auth.logout();

    expect(cookies.cleared).toBe(1);
  });

  test("me returns current user", async () => {
    const { workspace, memberEmail } = await setUp();

    const user = await workspace.asMember.auth.me();

    expect(user?.email).toBe(memberEmail);
    expect(user?.role).toBe("member");
    expect(user).not.toHaveProperty("passwordHash");
  });

  test("me when signed out", async () => {
    const { services } = await setUp();

    expect(await visitor(services).auth.me()).toBeNull();
  });

  test("signUp creates workspace with admin", async () => {
    const { services, workspace } = await setUp();
    const cookies = cookieJar();

    const result = await visitor(services, cookies).auth.signUp({
      workspaceName: "Globex",
      email: "grace@example.com",
      name: "Grace Hopper",
      password: "a long password",
    });
    const actor = await resolveSession(services, result.token);

    expect(result.user.role).toBe("admin");
    expect(result.user.workspaceId).not.toBe(workspace.workspaceId);
    expect(actor?.workspaceId).toBe(result.user.workspaceId);
    expect(actor?.role).toBe("admin");
    expect(cookies.sets[0]?.token).toBe(result.token);
  });

  test("signUp with used email", async () => {
    const { services, adminEmail } = await setUp();
    const before = await services.db.select().from(sessions);

    const rejection = await rejectionOf(
      visitor(services).auth.signUp({
        workspaceName: "Globex",
        email: adminEmail.toUpperCase(),
        name: "Grace Hopper",
        password: "a long password",
      }),
    );

    expect(rejection.code).toBe("CONFLICT");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["email"]);
    expect(await services.db.select().from(sessions)).toHaveLength(before.length);
  });

  test("signUp with short password", async () => {
    const { services } = await setUp();

    const rejection = await rejectionOf(
      visitor(services).auth.signUp({ workspaceName: "Globex", email: "g@example.com", name: "Grace", password: "short" }),
    );

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["password"]);
  });

  test("protected procedure when signed out", async () => {
    const { services } = await setUp();

    const rejection = await rejectionOf(callerFor(services, null).contacts.list());

    expect(rejection.code).toBe("UNAUTHORIZED");
  });

  test("deactivated user's token resolves to null", async () => {
    const { services, workspace, memberEmail } = await setUp();
    const { token } = await visitor(services).auth.login({ email: memberEmail, password: TEST_PASSWORD });

    await workspace.asAdmin.users.deactivate({ id: workspace.member.userId });

    expect(await resolveSession(services, token)).toBeNull();
    expect(await services.db.select().from(sessions).where(eq(sessions.userId, workspace.member.userId))).toEqual([]);
  });
});
