import { formatDateTime } from "../lib/local-time";
import { FORMAT_LABELS } from "./import-formats";
import { ImportIssues } from "./import-issues";
import type { ImportPreview, RecordPreview } from "./import-types";

type ContactRecord = Extract<RecordPreview, { kind: "contact" }>;
type EventRecord = Extract<RecordPreview, { kind: "event" }>;

const PARTY_KINDS: Readonly<Record<EventRecord["parties"][number]["kind"], string>> = {
  contact: "contact",
  staff: "staff",
  newContact: "new contact",
  freeText: "free text",
};

/** Shows what importing the file would do: its format, the counts, the first records and the issues. */
export function ImportPreviewView({ preview }: { readonly preview: ImportPreview }) {
  const { counts, records } = preview;
  const calendar = preview.format === "icalendar";
  const contacts = records.filter((record): record is ContactRecord => record.kind === "contact");
  const events = records.filter((record): record is EventRecord => record.kind === "event");

  return (
    <div className="stack" data-testid="import-preview">
      <dl className="import-counts" aria-label="Preview counts">
        <div>
          <dt>Format</dt>
          <dd>{FORMAT_LABELS[preview.format]}</dd>
        </div>
        <div>
          <dt>{calendar ? "Meetings to import" : "Contacts to import"}</dt>
          <dd>{counts.records}</dd>
        </div>
        <div>
          <dt>Issues</dt>
          <dd>{counts.issues}</dd>
        </div>
        {calendar ? (
          <>
            <div>
              <dt>Cancelled</dt>
              <dd>{counts.cancelled}</dd>
            </div>
            <div>
              <dt>Outside the range</dt>
              <dd>{counts.outOfRange}</dd>
            </div>
            <div>
              <dt>Not started yet</dt>
              <dd>{counts.future}</dd>
            </div>
          </>
        ) : null}
      </dl>

      {records.length === 0 ? (
        <p className="empty-state">The file has no records to import.</p>
      ) : (
        <div className="stack">
          <h3 className="import-subheading">
            {records.length < counts.inFile
              ? `First ${records.length} of ${counts.inFile} records`
              : "Records"}
          </h3>
          <div className="table-wrap">
            {calendar ? <EventTable events={events} /> : <ContactTable contacts={contacts} />}
          </div>
        </div>
      )}

      <h3 className="import-subheading">Issues</h3>
      <ImportIssues issues={preview.issues} label="Issues found in the file" />
    </div>
  );
}

function ContactTable({ contacts }: { readonly contacts: readonly ContactRecord[] }) {
  return (
    <table className="table" aria-label="Records as they would import">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">State</th>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Company</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr key={contact.position}>
            <td>{contact.position}</td>
            <td>
              <RecordState action={contact.action} />
            </td>
            <td>{contact.name}</td>
            <td>{contact.email ?? <span className="muted">none</span>}</td>
            <td>
              {contact.company === null ? (
                <span className="muted">none</span>
              ) : (
                <>
                  {contact.company.name}
                  {contact.company.action === "new" ? (
                    <span className="muted small"> · new company</span>
                  ) : null}
                </>
              )}
            </td>
            <td>
              <Notes notes={contact.notes} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventTable({ events }: { readonly events: readonly EventRecord[] }) {
  return (
    <table className="table" aria-label="Records as they would import">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">State</th>
          <th scope="col">When</th>
          <th scope="col">Subject</th>
          <th scope="col">Contact</th>
          <th scope="col">Parties</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={`${event.uid}-${event.recurrenceId ?? ""}-${event.position}`}>
            <td>{event.position}</td>
            <td>
              <RecordState action={event.action} />
              {event.action === "matched" ? (
                <span className="muted small"> · {event.changed ? "updates" : "unchanged"}</span>
              ) : null}
            </td>
            <td className="import-nowrap">{formatDateTime(event.occurredAt)}</td>
            <td>{event.subject ?? <span className="muted">no subject</span>}</td>
            <td>
              {event.contact === null ? (
                <span className="muted">{event.action === "new" ? "none" : ""}</span>
              ) : (
                <>
                  {event.contact.name}
                  {event.contact.action === "new" ? (
                    <span className="muted small"> · new contact</span>
                  ) : null}
                </>
              )}
            </td>
            <td>
              {event.parties.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                event.parties.map((party, index) => (
                  <span key={`${party.name}-${index}`} className="import-party">
                    {party.name}
                    <span className="muted small"> ({PARTY_KINDS[party.kind]})</span>
                  </span>
                ))
              )}
            </td>
            <td>
              <Notes notes={event.notes} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Renders a record's state: new, matched (an existing contact, or an event imported before) or skipped. */
function RecordState({ action }: { readonly action: "new" | "matched" | "skipped" }) {
  return <span className={`import-state import-state--${action}`}>{action}</span>;
}

function Notes({ notes }: { readonly notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="import-notes">
      {notes.map((note, index) => (
        <li key={`${index}-${note}`}>{note}</li>
      ))}
    </ul>
  );
}
