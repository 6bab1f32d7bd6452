import type { ServerResponse } from "node:http";

import type { FastifyInstance } from "fastify";

/**
 * Ends open server-sent event streams when the server closes. Fastify waits for
 * requests in flight, and an event stream never finishes by itself, so without
 * this a shutdown waits as long as a browser keeps a subscription open.
 * Ending the stream aborts the request's signal, which ends the subscription.
 */
export function closeEventStreamsOnClose(app: FastifyInstance): void {
  const inFlight = new Set<ServerResponse>();

  app.addHook("onRequest", (_request, reply, done) => {
    const response = reply.raw;
    inFlight.add(response);
    response.once("close", () => {
      inFlight.delete(response);
    });
    done();
  });

  app.addHook("preClose", (done) => {
    for (const response of inFlight) {
      if (isEventStream(response)) response.destroy();
    }
    done();
  });
}

function isEventStream(response: ServerResponse): boolean {
  const contentType = response.getHeader("content-type");
  return typeof contentType === "string" && contentType.startsWith("text/event-stream");
}
