import { initTRPC } from "@trpc/server";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";

import { closeEventStreamsOnClose } from "./event-streams";
import { registerTrpc } from "./trpc-routes";

const t = initTRPC.create();

/** Sends one tick, then keeps the stream open until the client or the server ends it. */
const ticksRouter = t.router({
  ticks: t.procedure.subscription(async function* ({ signal }) {
    yield { tick: 1 };
    await new Promise<void>((resolve) => {
      signal?.addEventListener("abort", () => {
        resolve();
      });
    });
  }),
});

describe("event streams", () => {
  let app: FastifyInstance | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("stream until the server closes", async () => {
    app = Fastify();
    closeEventStreamsOnClose(app);
    await registerTrpc(app, { router: ticksRouter, createContext: () => Promise.resolve({}) });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });

    const response = await fetch(`${address}/trpc/ticks`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);

    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    while (!received.includes('"tick":1')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += decoder.decode(chunk.value);
    }
    expect(received).toContain('"tick":1');

    const closing = app.close();
    const drained = (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true }) as const);
        if (chunk.done) return "ended";
      }
    })();
    expect(await Promise.race([drained, delay(5_000, "still open")])).toBe("ended");
    expect(await Promise.race([closing.then(() => "closed"), delay(5_000, "still closing")])).toBe("closed");
    app = undefined;
  });
});

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => {
    setTimeout(() => {
      resolve(value);
    }, ms).unref();
  });
}
