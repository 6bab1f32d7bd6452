import type { ImportIssue } from "./import-types";

/** Lists records that were skipped or read with a value left out, each by its position in the file. */
export function ImportIssues({
  issues,
  label,
}: {
  readonly issues: readonly ImportIssue[];
  readonly label: string;
}) {
  if (issues.length === 0) return <p className="muted">No issues.</p>;
  return (
    <ol className="import-issues" aria-label={label}>
      {issues.map((issue, index) => (
        <li key={`${issue.position}-${index}`} className="import-issue">
          <span className="import-issue__position">Record {issue.position}</span>
          <span className="import-issue__reason">{issue.reason}</span>
        </li>
      ))}
    </ol>
  );
}
