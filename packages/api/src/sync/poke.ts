import type { DatabaseHandle } from "@crm/db";
import type { Logger } from "pino";
import { z } from "zod";

import { createInProcessNotifier, type ChangeNotice, type Notifier } from "../notifier";

/** The PostgreSQL channel every server process sharing a database listens on. */
export const CHANGES_CHANNEL = "crm_changes";

/** The event `sync.poke` yields: the server's clock when it received the change notice. */
export interface Poke {
  readonly at: number;
}

/** A notifier that keeps a database connection open until closed. */
export interface ClosableNotifier extends Notifier {
  close(): Promise<void>;
}

/**
 * PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; a notice naming
 * more contacts than this goes out in several payloads.
 */
const CONTACT_IDS_PER_PAYLOAD = 150;

const noticeSchema = z.object({
  workspaceId: z.string().min(1),
  contactIds: z.array(z.string()),
});

/**
 * Creates the notifier for a database handle. On PostgreSQL it uses
 * LISTEN/NOTIFY, so a change committed by one server process reaches the
 * clients of every other. PGlite is opened by one process only, so it gets the
 * in-process notifier.
 */
export async function createNotifier(handle: DatabaseHandle, logger?: Logger): Promise<ClosableNotifier> {
  if (handle.driver === "postgres") return createPostgresNotifier(handle, logger);
  return { ...createInProcessNotifier(), close: () => Promise.resolve() };
}

/**
 * Creates a notifier over PostgreSQL LISTEN/NOTIFY on `crm_changes`. Every
 * notice, this process's own included, comes back through the channel, so all
 * processes deliver notices the same way. Resolves once it is listening.
 */
export async function createPostgresNotifier(handle: DatabaseHandle, logger?: Logger): Promise<ClosableNotifier> {
  const local = createInProcessNotifier();
  const unlisten = await handle.listen(CHANGES_CHANNEL, (payload) => {
    const notice = parseNotice(payload);
    if (notice === undefined) {
      logger?.warn({ channel: CHANGES_CHANNEL }, "ignored a change notice that is not { workspaceId, contactIds }");
      return;
    }
    void local.notify(notice);
  });

  return {
    async notify(notice) {
      for (const payload of noticePayloads(notice)) await handle.notify(CHANGES_CHANNEL, payload);
    },
    subscribe: (workspaceId, listener) => local.subscribe(workspaceId, listener),
    close: unlisten,
  };
}

/**
 * Yields a poke after each change in the workspace until `signal` aborts.
 * Changes that arrive while the consumer is busy fold into one poke: a pull
 * fetches everything anyway.
 */
export async function* pokes(notifier: Notifier, workspaceId: string, signal?: AbortSignal): AsyncGenerator<Poke> {
  let changed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = notifier.subscribe(workspaceId, () => {
    changed = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);

  try {
    while (signal?.aborted !== true) {
      if (!changed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      changed = false;
      yield { at: Date.now() };
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}

function noticePayloads(notice: ChangeNotice): string[] {
  const payloads: string[] = [];
  for (let start = 0; start === 0 || start < notice.contactIds.length; start += CONTACT_IDS_PER_PAYLOAD) {
    const contactIds = notice.contactIds.slice(start, start + CONTACT_IDS_PER_PAYLOAD);
    payloads.push(JSON.stringify({ workspaceId: notice.workspaceId, contactIds }));
  }
  return payloads;
}

function parseNotice(payload: string): ChangeNotice | undefined {
  try {
    const parsed = noticeSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
