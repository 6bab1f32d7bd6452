import { listForContacts } from "@crm/client";
import { FEED_LIMIT_MAX, type FileRef } from "@crm/domain";
import { useCallback, useState } from "react";
import type { ReadTransaction } from "replicache";

import { formatBytes } from "../interactions/file-limits";
import { formatDateTime } from "../lib/local-time";
import { useSubscribe } from "../lib/use-subscribe";
import { useSession } from "../session/session-context";

interface FileRow {
  readonly file: FileRef;
  readonly interactionSubject: string | null;
  readonly occurredAt: Date;
}

/** Files of the interactions this contact is the subject of, newest interaction first. */
export function FilesTab({ contactId }: { readonly contactId: string }) {
  const { rep } = useSession();
  const [pages, setPages] = useState(1);

  const query = useCallback(
    async (tx: ReadTransaction) => {
      const page = await listForContacts(tx, { contactIds: [contactId], limit: pages * FEED_LIMIT_MAX });
      const rows: FileRow[] = page.items.flatMap((interaction) =>
        interaction.files.map((file) => ({ file, interactionSubject: interaction.subject, occurredAt: interaction.occurredAt })),
      );
      return { rows, more: page.nextCursor !== null };
    },
    [contactId, pages],
  );
  const { data, loaded } = useSubscribe(rep, query, { rows: [], more: false });

  if (loaded && data.rows.length === 0 && !data.more) {
    return <p className="empty-state">No files yet. Files attached to interactions logged for this contact appear here.</p>;
  }

  return (
    <section aria-label="Files">
      <div className="table-wrap">
        <table className="table" aria-label="Files">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Interaction</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.file.id}>
                <td>
                  <a href={`/files/${row.file.id}`} download={row.file.filename}>
                    {row.file.filename}
                  </a>
                </td>
                <td>{formatBytes(row.file.size)}</td>
                <td>{row.interactionSubject ?? <span className="muted">No subject</span>}</td>
                <td>{formatDateTime(row.occurredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.more ? (
        <div className="feed-more">
          <button
            type="button"
            className="button"
            onClick={() => {
              setPages((count) => count + 1);
            }}
          >
            Load more
          </button>
        </div>
      ) : null}
    </section>
  );
}
