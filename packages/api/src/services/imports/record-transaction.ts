import { runInTransaction, type Transaction } from "@crm/db";

import type { ServiceContext } from "../../context";
import type { ChangeNotice } from "../../notifier";

/**
 * Runs the writes of one imported record in one transaction, through the
 * ordinary service functions. They receive `services` whose database is the
 * transaction: their own transactions become savepoints inside it, so a
 * failing record leaves nothing behind and the records before it stay
 * committed. Their change notices are held back and sent after commit, as the
 * services do themselves when they run alone.
 */
export async function runRecordTransaction<T>(
  services: ServiceContext,
  write: (recordServices: ServiceContext, tx: Transaction) => Promise<T>,
): Promise<T> {
  let notices: ChangeNotice[] = [];

  const result = await runInTransaction(
    services.db,
    async (tx) => {
      // A retried attempt starts over, so notices of a rolled-back attempt are dropped.
      notices = [];
      const recordServices: ServiceContext = {
        ...services,
        db: tx,
        notifier: {
          notify: (notice) => {
            notices.push(notice);
            return Promise.resolve();
          },
          subscribe: (workspaceId, listener) => services.notifier.subscribe(workspaceId, listener),
        },
      };
      return write(recordServices, tx);
    },
    { isolationLevel: "repeatable read" },
  );

  for (const notice of mergeNotices(notices)) await services.notifier.notify(notice);
  return result;
}

/** Folds the notices of one record into one per workspace, so clients pull once per record. */
function mergeNotices(notices: readonly ChangeNotice[]): ChangeNotice[] {
  const byWorkspace = new Map<string, Set<string>>();
  for (const notice of notices) {
    const contactIds = byWorkspace.get(notice.workspaceId) ?? new Set<string>();
    for (const id of notice.contactIds) contactIds.add(id);
    byWorkspace.set(notice.workspaceId, contactIds);
  }
  return [...byWorkspace].map(([workspaceId, contactIds]) => ({ workspaceId, contactIds: [...contactIds] }));
}
