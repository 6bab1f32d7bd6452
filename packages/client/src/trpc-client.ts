import {
  createTRPCClient,
  type createTRPCUntypedClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
  type TRPCUntypedClient,
} from "@trpc/client";
import type { PullRequestV1, PushRequestV1 } from "replicache";
import superjson from "superjson";

/**
 * The part of the API client that sync uses, as the sync contract describes
 * it. A client built with `createTrpcClient<AppRouter>` has this shape. Outputs are `unknown` here because the pusher and puller check them
 * with zod: they are the edge where server data enters the replica.
 */
export interface SyncTrpcClient {
  readonly sync: {
    readonly push: { mutate(input: PushRequestV1): Promise<unknown> };
    readonly pull: { mutate(input: PullRequestV1): Promise<unknown> };
    readonly poke: {
      subscribe(
        input: Record<string, never>,
        handlers: {
          readonly onStarted?: () => void;
          readonly onData: (event: unknown) => void;
          readonly onError: (error: unknown) => void;
        },
      ): { unsubscribe(): void };
    };
  };
}

/** Any tRPC router: the constraint `createTRPCClient` puts on its router type. */
export type AnyTrpcRouter =
  ReturnType<typeof createTRPCUntypedClient> extends TRPCUntypedClient<infer Router> ? Router : never;

/** The fetch function tRPC's HTTP links accept. */
export type TrpcFetch = NonNullable<Parameters<typeof httpLink>[0]["fetch"]>;
type SubscriptionLinkOptions = Parameters<typeof httpSubscriptionLink>[0];

export interface TrpcClientOptions {
  /** The tRPC endpoint, such as `https://crm.example.com/trpc`. */
  readonly url: string;
  /**
   * Returns the API token of a client that signs in with one (a mobile app,
   * a script). Without it, requests carry the session cookie.
   */
  readonly getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** The fetch to use, or the runtime's own when omitted. */
  readonly fetch?: TrpcFetch;
  /**
   * An `EventSource` class for the poke subscription, for runtimes without
   * one (React Native) or to send the token as a header, which the browser's
   * own EventSource cannot do.
   */
  readonly EventSource?: SubscriptionLinkOptions["EventSource"];
}

/** Procedures that never share a batch, because sync requests can be large and slow. */
const UNBATCHED_PATHS: ReadonlySet<string> = new Set(["sync.push", "sync.pull"]);

/**
 * Builds the API client: subscriptions (pokes) over server-sent events, sync
 * push and pull each in their own request, every other call batched, all
 * with the superjson transformer. The router type lives on the server, so
 * the app names it: `createTrpcClient<AppRouter>({ url })`.
 */
export function createTrpcClient<TRouter extends AnyTrpcRouter>(
  options: TrpcClientOptions,
): TRPCClient<TRouter> {
  const headers = async (): Promise<Record<string, string>> => {
    const token = await options.getToken?.();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  const http = { url: options.url, transformer: superjson, headers, ...fetchOption(options) };

  // Built for any router: the links only route by path and operation type.
  const links: TRPCLink<AnyTrpcRouter>[] = [
    splitLink({
      condition: (operation) => operation.type === "subscription",
      // The server sends pings on idle streams. The link skips them, and it
      // reconnects after the inactivity delay that the server announces.
      true: httpSubscriptionLink({
        url: options.url,
        transformer: superjson,
        ...(options.EventSource ? { EventSource: options.EventSource } : {}),
        eventSourceOptions: async () => ({ withCredentials: true, headers: await headers() }),
      }),
      false: splitLink({
        condition: (operation) => UNBATCHED_PATHS.has(operation.path),
        true: httpLink(http),
        false: httpBatchLink(http),
      }),
    }),
  ];
  return createTRPCClient<TRouter>({ links });
}

/**
 * Adds `credentials: "include"`, which cookies need when the API is on another
 * origin. With a token, the runtime's fetch is used as is.
 */
function fetchOption(options: TrpcClientOptions): { fetch?: TrpcFetch } {
  const base = options.fetch ?? (globalThis as { fetch?: TrpcFetch }).fetch;
  if (!base) return {};
  if (options.getToken) return { fetch: base };
  return { fetch: (input, init) => base(input, { ...init, credentials: "include" }) };
}
