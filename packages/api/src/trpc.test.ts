import { createTestDatabase } from "@crm/db/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@crm/db";

import { createTestServices } from "../test/harness";
import type { Actor, RequestContext } from "./context";
import { appRouter } from "./routers";
import { SSE_PING_INTERVAL_MS, SSE_RECONNECT_AFTER_INACTIVITY_MS } from "./trpc";

const actor: Actor = {
  userId: "01900000-0000-7000-8000-000000000001",
  workspaceId: "01900000-0000-7000-8000-000000000002",
  role: "member",
  staffPersonId: null,
  contactId: null,
  sessionId: "01900000-0000-7000-8000-000000000003",
};

describe("poke stream over server-sent events", () => {
  let handle: DatabaseHandle;
  const abort = new AbortController();

  beforeAll(async () => {
    handle = await createTestDatabase();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  afterAll(async () => {
    abort.abort();
    await handle.close();
  });

  it("announces the reconnect delay and sends pings while idle", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const context: RequestContext = {
      services: createTestServices(handle),
      actor,
      sessionToken: null,
      cookies: null,
      requestId: "test",
    };
    const response = await fetchRequestHandler({
      endpoint: "/trpc",
      router: appRouter,
      req: new Request(`http://127.0.0.1/trpc/sync.poke?input=${encodeURIComponent('{"json":{}}')}`, {
        headers: { accept: "text/event-stream" },
        signal: abort.signal,
      }),
      createContext: () => context,
    });
    const events = eventReader(response);

    const connected = await events.until("event: connected");
    await vi.advanceTimersByTimeAsync(SSE_PING_INTERVAL_MS);
    const idle = await events.until("event: ping");

    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(connected).toContain(`"reconnectAfterInactivityMs":${SSE_RECONNECT_AFTER_INACTIVITY_MS}`);
    expect(idle).toContain("event: ping");
  });
});

/** Reads a response body as text, chunk by chunk, until the event that contains a marker has ended. */
function eventReader(response: Response) {
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  const decoder = new TextDecoder();
  let received = "";
  return {
    async until(marker: string): Promise<string> {
      const ended = () => received.includes(marker) && received.indexOf("\n\n", received.indexOf(marker)) >= 0;
      while (!ended()) {
        const chunk = await reader.read();
        if (chunk.done) break;
        received += decoder.decode(chunk.value, { stream: true });
      }
      const seen = received;
      received = "";
      return seen;
    },
  };
}
