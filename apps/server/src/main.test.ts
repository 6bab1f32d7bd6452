import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(SERVER_DIR, "node_modules", ".bin", "tsx");

describe("tsx src/main.ts", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crm-main-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts, seeds and exits on SIGTERM", async () => {
    const { DATABASE_URL: _postgres, ...env } = process.env;
    const server = spawn(TSX, ["src/main.ts"], {
      cwd: SERVER_DIR,
      env: { ...env, PORT: "0", CRM_DATA_DIR: dataDir, CRM_WEB_DIST: join(dataDir, "no-web"), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => { resolve(code); }));
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

    try {
      const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], 45_000, () => output);
      expect(output).toContain("admin email: admin@example.com");
      expect(output).toContain("admin password: admin-password");

      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await countInteractionsAsAdmin(url)).toBe(60);

      server.kill("SIGTERM");
      expect(await withTimeout(exited, 15_000)).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill("SIGKILL");
    }
  }, 90_000);
});

/** Signs in as the default admin over HTTP and counts the workspace's interactions. */
async function countInteractionsAsAdmin(url: string): Promise<unknown> {
  const login = await fetch(`${url}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(superjson.serialize({ email: "admin@example.com", password: "admin-password" })),
  });
  const { token } = superjson.deserialize<{ token: string }>((await login.json() as TrpcBody).result.data);

  const count = await fetch(`${url}/trpc/interactions.count`, { headers: { authorization: `Bearer ${token}` } });
  return superjson.deserialize((await count.json() as TrpcBody).result.data);
}

interface TrpcBody {
  readonly result: { readonly data: Parameters<typeof superjson.deserialize>[0] };
}

async function waitFor<T>(read: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`The server did not start in ${timeoutMs} ms. Output:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timed out">((resolve) => {
    timer = setTimeout(() => {
      resolve("timed out");
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
