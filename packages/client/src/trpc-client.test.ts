import type { PullRequestV1, PushRequestV1 } from "replicache";
import { describe, expect, it } from "vitest";

import {
  createTrpcClient,
  type AnyTrpcRouter,
  type SyncTrpcClient,
  type TrpcClientOptions,
  type TrpcFetch,
} from "./trpc-client";

interface SentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials: unknown;
}

/** Creates a fetch that records each request and returns null for every call in it. */
function recordingFetch(sent: SentRequest[]): TrpcFetch {
  return (input, init) => {
    const url = String(input);
    const { headers = {}, credentials } = (init ?? {}) as {
      headers?: Record<string, string>;
      credentials?: unknown;
    };
    sent.push({ url, headers, credentials });
    const calls = new URL(url).pathname.split("/").at(-1)!.split(",").length;
    const answer = { result: { data: { json: null } } };
    const body = url.includes("batch=1") ? Array.from({ length: calls }, () => answer) : answer;
    return Promise.resolve({
      ok: true,
      status: 200,
      statusText: "OK",
      headers: { get: () => "application/json" },
      json: () => Promise.resolve(body),
    } as unknown as Awaited<ReturnType<TrpcFetch>>);
  };
}

type TestClient = SyncTrpcClient & {
  readonly contacts: {
    readonly get: { query(input: unknown): Promise<unknown> };
    readonly search: { query(input: unknown): Promise<unknown> };
  };
};

function client(sent: SentRequest[], options: Partial<TrpcClientOptions> = {}): TestClient {
  const trpc = createTrpcClient<AnyTrpcRouter>({
    url: "http://127.0.0.1:9/trpc",
    fetch: recordingFetch(sent),
    ...options,
  });
  return trpc as unknown as TestClient;
}

const pushRequest: PushRequestV1 = {
  pushVersion: 1,
  clientGroupID: "g",
  mutations: [],
  profileID: "p",
  schemaVersion: "1",
};
const pullRequest: PullRequestV1 = {
  pullVersion: 1,
  clientGroupID: "g",
  cookie: null,
  profileID: "p",
  schemaVersion: "1",
};

const pathOf = (request: SentRequest) => new URL(request.url).pathname.replace("/trpc/", "");

describe("createTrpcClient", () => {
  it("sends push and pull each alone, and batches other calls", async () => {
    const sent: SentRequest[] = [];
    const trpc = client(sent);
    await Promise.all([
      trpc.sync.push.mutate(pushRequest),
      trpc.sync.pull.mutate(pullRequest),
      trpc.contacts.get.query({ id: "a" }),
      trpc.contacts.search.query({ query: "a" }),
    ]);
    expect(sent.map(pathOf).sort()).toEqual(["contacts.get,contacts.search", "sync.pull", "sync.push"]);
  });

  it("sends the token as a bearer token", async () => {
    const sent: SentRequest[] = [];
    await client(sent, { getToken: () => "secret" }).sync.pull.mutate(pullRequest);
    expect(sent[0]?.headers.Authorization).toBe("Bearer secret");
  });

  it("sends cookies when there is no token", async () => {
    const sent: SentRequest[] = [];
    await client(sent).sync.pull.mutate(pullRequest);
    expect(sent[0]?.credentials).toBe("include");
  });

  it("sends no authorization header without a token", async () => {
    const sent: SentRequest[] = [];
    await client(sent).sync.pull.mutate(pullRequest);
    expect(sent[0]?.headers.Authorization).toBeUndefined();
  });
});
