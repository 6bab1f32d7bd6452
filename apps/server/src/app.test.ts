import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describeEachDatabase } from "@crm/db/testing";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  buildTestApp,
  signUpWorkspace,
  TEST_PASSWORD,
  trpcErrorCode,
  trpcMutation,
  trpcQuery,
  trpcResult,
} from "../test/harness";
import { SESSION_COOKIE } from "./session";

describeEachDatabase("app", (getHandle) => {
  let app: FastifyInstance;
  let services: Awaited<ReturnType<typeof buildTestApp>>["services"];

  beforeAll(async () => {
    ({ app, services } = await buildTestApp(getHandle()));
  });

  afterAll(async () => {
    await app.close();
  });

  describe("login", () => {
    it("sets the session cookie", async () => {
      const { email } = await signUpWorkspace(services);
      const response = await trpcMutation(app, "auth.login", { email, password: TEST_PASSWORD });

      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE);
      expect(cookie?.value).toMatch(/^[\w-]{20,}$/);
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe("Lax");
      expect(cookie?.path).toBe("/");
      expect(cookie?.expires).toBeInstanceOf(Date);
    });

    it("returns a usable bearer token", async () => {
      const { email } = await signUpWorkspace(services);
      const login = await trpcMutation(app, "auth.login", { email, password: TEST_PASSWORD });
      const { token } = trpcResult(login) as { token: string };

      const response = await trpcQuery(app, "interactions.count", { authorization: `Bearer ${token}` });
      expect(response.statusCode).toBe(200);
      expect(trpcResult(response)).toBe(0);
    });

    it("accepts the session cookie", async () => {
      const { email } = await signUpWorkspace(services);
      const login = await trpcMutation(app, "auth.login", { email, password: TEST_PASSWORD });
      const cookie = login.cookies.find((candidate) => candidate.name === SESSION_COOKIE);

      const response = await trpcQuery(app, "auth.me", { cookie: `${SESSION_COOKIE}=${cookie?.value ?? ""}` });
      expect(response.statusCode).toBe(200);
      expect(trpcResult(response)).toMatchObject({ email });
    });

    it("rejects a wrong password", async () => {
      const { email } = await signUpWorkspace(services);
      const response = await trpcMutation(app, "auth.login", { email, password: "not the password" });
      expect(response.statusCode).toBe(401);
      expect(response.cookies).toHaveLength(0);
    });

    it("logout ends the session", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await trpcMutation(app, "auth.logout", undefined, { authorization: `Bearer ${token}` });
      expect(response.statusCode).toBe(200);
      expect(response.cookies.find((candidate) => candidate.name === SESSION_COOKIE)?.value).toBe("");

      const after = await trpcQuery(app, "interactions.count", { authorization: `Bearer ${token}` });
      expect(after.statusCode).toBe(401);
    });
  });

  describe("tRPC", () => {
    it("rejects a call without session", async () => {
      const response = await trpcQuery(app, "interactions.count");
      expect(response.statusCode).toBe(401);
      expect(trpcErrorCode(response)).toBe("UNAUTHORIZED");
    });

    it("keeps stack traces out of error responses", async () => {
      const response = await trpcQuery(app, "interactions.count");
      expect(response.body).not.toContain("stack");
      expect(response.body).not.toContain(".ts:");
    });

    it("rejects an unknown token", async () => {
      const response = await trpcQuery(app, "interactions.count", { authorization: "Bearer not-a-session" });
      expect(response.statusCode).toBe(401);
      expect(trpcErrorCode(response)).toBe("UNAUTHORIZED");
    });

    it("serves a long batch path", async () => {
      const { token } = await signUpWorkspace(services);
      const paths = Array.from({ length: 12 }, () => "interactions.count");
      const input = encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, index) => [index, superjson.serialize(undefined)]))));

      const response = await app.inject({
        method: "GET",
        url: `/trpc/${paths.join(",")}?batch=1&input=${input}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json<unknown[]>()).toHaveLength(12);
    });
  });

  describe("responses", () => {
    it("include the security headers", async () => {
      const response = await app.inject({ method: "GET", url: "/healthz" });
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["referrer-policy"]).toBe("same-origin");
      expect(response.headers["content-security-policy"]).toMatch(/^default-src 'self'/);
    });

    it("echo the client's request id", async () => {
      const response = await app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "trace-42" } });
      expect(response.headers["x-request-id"]).toBe("trace-42");
    });

    it("get a UUIDv7 request id", async () => {
      const response = await app.inject({ method: "GET", url: "/healthz" });
      expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    });
  });

  describe("/healthz", () => {
    it("reports ok with a database", async () => {
      const response = await app.inject({ method: "GET", url: "/healthz" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: "ok" });
    });
  });

  describe("unknown paths", () => {
    it("get a JSON 404", async () => {
      const response = await app.inject({ method: "GET", url: "/contacts/1", headers: { accept: "text/html" } });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: expect.stringContaining("/contacts/1") as unknown });
    });
  });
});

describeEachDatabase("web app", (getHandle) => {
  let app: FastifyInstance;
  let webDist: string;

  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), "crm-web-"));
    await mkdir(join(webDist, "assets"));
    await writeFile(join(webDist, "index.html"), "<!doctype html><title>CRM</title>");
    await writeFile(join(webDist, "assets", "app-1a2b3c.js"), "console.log('app');");
    ({ app } = await buildTestApp(getHandle(), { webDist }));
  });

  afterAll(async () => {
    await app.close();
    await rm(webDist, { recursive: true, force: true });
  });

  it("serves index.html at /", async () => {
    const response = await app.inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<title>CRM</title>");
  });

  it("serves index.html for app routes", async () => {
    const response = await app.inject({ method: "GET", url: "/contacts/42", headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toContain("<title>CRM</title>");
  });

  it("caches hashed assets immutably", async () => {
    const response = await app.inject({ method: "GET", url: "/assets/app-1a2b3c.js" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toContain("immutable");
  });

  it("keeps JSON 404 for API paths", async () => {
    const response = await app.inject({ method: "GET", url: "/files/extra/segment", headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("returns 404 for missing assets", async () => {
    const response = await app.inject({ method: "GET", url: "/assets/missing.js", headers: { accept: "*/*" } });
    expect(response.statusCode).toBe(404);
  });
});
