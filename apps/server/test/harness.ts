import { createInProcessNotifier, signUp, type ServiceContext } from "@crm/api";
import type { DatabaseHandle } from "@crm/db";
import { signUpInputSchema } from "@crm/domain";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { pino } from "pino";
import superjson from "superjson";
import { uuidv7 } from "uuidv7";

import { buildApp } from "../src/app";
import type { ServerConfig } from "../src/config";

/** The password of every account the harness signs up. */
export const TEST_PASSWORD = "correct horse battery";

/** Returns a configuration for tests: no web app, no real data folder. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    database: { driver: "pglite", dataDir: "/nonexistent" },
    adminEmail: "admin@example.com",
    adminPassword: TEST_PASSWORD,
    adminPasswordIsDefault: false,
    logLevel: "silent",
    webDist: null,
    cookieSecure: false,
    ...overrides,
  };
}

/** Creates services over a test database, as the server builds them, with a silent logger. */
export function testServices(handle: DatabaseHandle): ServiceContext {
  return {
    db: handle.db,
    notifier: createInProcessNotifier(),
    logger: pino({ level: "silent" }),
    now: () => new Date(),
    newId: uuidv7,
  };
}

/** Builds the app over a test database; close it after the test. */
export async function buildTestApp(
  handle: DatabaseHandle,
  overrides: Partial<ServerConfig> = {},
): Promise<{ app: FastifyInstance; services: ServiceContext }> {
  const services = testServices(handle);
  const app = await buildApp({ config: testConfig(overrides), handle, services });
  return { app, services };
}

/** Signs up a new workspace and returns its admin's email and session token. */
export async function signUpWorkspace(
  services: ServiceContext,
  workspaceName = "Acme",
): Promise<{ email: string; token: string; workspaceId: string }> {
  const email = `admin-${uuidv7()}@example.com`;
  const signedIn = await signUp(
    services,
    signUpInputSchema.parse({ workspaceName, email, name: "Ada Admin", password: TEST_PASSWORD }),
  );
  return { email, token: signedIn.token, workspaceId: signedIn.user.workspaceId };
}

/** Calls a tRPC mutation over HTTP, the way the tRPC client sends it. */
export function trpcMutation(
  app: FastifyInstance,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { "content-type": "application/json", ...headers },
    payload: JSON.stringify(superjson.serialize(input)),
  });
}

/** Calls a tRPC query without input over HTTP. */
export function trpcQuery(app: FastifyInstance, path: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: "GET", url: `/trpc/${path}`, headers });
}

/** Decodes the result of a single (unbatched) tRPC call with superjson. */
export function trpcResult(response: LightMyRequestResponse): unknown {
  const body = response.json<{ result?: { data: Parameters<typeof superjson.deserialize>[0] } }>();
  if (body.result === undefined) throw new Error(`Expected a tRPC result, got ${response.statusCode}: ${response.body}`);
  return superjson.deserialize(body.result.data);
}

/** Returns the error code of a failed tRPC call, such as UNAUTHORIZED. */
export function trpcErrorCode(response: LightMyRequestResponse): string | undefined {
  const body = response.json<{ error?: { json?: { data?: { code?: string } } } }>();
  return body.error?.json?.data?.code;
}

export interface UploadFile {
  readonly filename: string;
  readonly contentType: string;
  readonly data: Uint8Array | string;
}

/** Encodes files as a multipart/form-data body, one `file` part each. */
export function multipartBody(files: readonly UploadFile[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----crm-test-${uuidv7()}`;
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      typeof file.data === "string" ? Buffer.from(file.data) : Buffer.from(file.data),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** A minimal PDF document. */
export const PDF_BYTES = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
