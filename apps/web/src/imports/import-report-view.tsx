import { FORMAT_LABELS } from "./import-formats";
import { ImportIssues } from "./import-issues";
import type { ImportReport } from "./import-types";

const COUNT_ROWS = [
  { key: "contacts", label: "Contacts" },
  { key: "companies", label: "Companies" },
  { key: "memberships", label: "Memberships" },
  { key: "interactions", label: "Meetings" },
] as const;

/** Shows a finished import: rows created and updated, records unchanged, events skipped, and the issues. */
export function ImportReportView({
  report,
  filename,
}: {
  readonly report: ImportReport;
  readonly filename: string;
}) {
  const calendar = report.format === "icalendar";
  return (
    <div className="stack" data-testid="import-report">
      <p>
        Imported <strong>{filename}</strong> ({FORMAT_LABELS[report.format]}). The new and changed records
        reach every open browser through sync.
      </p>
      <div className="table-wrap">
        <table className="table import-report-table" aria-label="Rows created and updated">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Created</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {COUNT_ROWS.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{report.created[key]}</td>
                <td>{report.updated[key]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <dl className="import-counts" aria-label="Records unchanged and skipped">
        <div>
          <dt>Unchanged</dt>
          <dd>{report.unchanged}</dd>
        </div>
        {calendar ? (
          <>
            <div>
              <dt>Skipped: cancelled</dt>
              <dd>{report.skipped.cancelled}</dd>
            </div>
            <div>
              <dt>Skipped: outside the range</dt>
              <dd>{report.skipped.outOfRange}</dd>
            </div>
            <div>
              <dt>Skipped: not started yet</dt>
              <dd>{report.skipped.future}</dd>
            </div>
          </>
        ) : null}
        <div>
          <dt>Issues</dt>
          <dd>{report.issues.length}</dd>
        </div>
      </dl>

      <h3 className="import-subheading">Issues</h3>
      <ImportIssues issues={report.issues} label="Issues of the import" />
    </div>
  );
}
