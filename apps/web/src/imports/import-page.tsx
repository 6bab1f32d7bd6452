import type { FileRef } from "@crm/domain";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Link } from "react-router";

import { formatBytes } from "../interactions/file-limits";
import { UploadError, uploadFile, type UploadHandle } from "../interactions/upload-file";
import { userTimeZone } from "../lib/local-time";
import { api, isNetworkError } from "../session/api-client";
import { useSession } from "../session/session-context";
import { ColumnMappingForm } from "./column-mapping-form";
import type { ColumnSelection } from "./column-mapping";
import { readCsvFileHeader } from "./csv-header";
import { importErrorMessage } from "./import-errors";
import { checkImportFile, FORMAT_LABELS, IMPORT_FILE_ACCEPT, importFormatOf } from "./import-formats";
import { ImportPreviewView } from "./import-preview-view";
import { defaultRangeInputs, rangeFromInputs, type RangeInputs } from "./import-range";
import { ImportReportView } from "./import-report-view";
import type { CsvColumnMapping, ImportFormat, ImportPreview, ImportRequest } from "./import-types";
import { useImportJob } from "./use-import-job";
import "./import-page.css";

/** How long option changes settle before the preview is requested again. */
const PREVIEW_DELAY_MS = 300;

type UploadState =
  | { readonly status: "idle" }
  | {
      readonly status: "uploading";
      readonly name: string;
      readonly progress: number;
      readonly handle: UploadHandle;
    }
  | {
      readonly status: "uploaded";
      readonly file: FileRef;
      readonly format: ImportFormat;
      /** The CSV header row read from the picked file, for the column mapping. */
      readonly header: readonly string[] | null;
    }
  | { readonly status: "failed"; readonly error: string };

type PreviewState =
  | { readonly key: string; readonly status: "loading" }
  | { readonly key: string; readonly status: "ready"; readonly preview: ImportPreview }
  /** `rejected` is true when the server responded and rejected the file or its options. */
  | { readonly key: string; readonly status: "failed"; readonly error: string; readonly rejected: boolean };

interface AppliedMapping {
  readonly selection: ColumnSelection;
  readonly mapping: CsvColumnMapping;
}

interface StartedJob {
  readonly jobId: string;
  readonly filename: string;
}

/**
 * Renders the Import screen: upload a vCard, CSV or iCalendar file, check the
 * server's preview (choosing a calendar's range, or a CSV file's columns),
 * then run the import as a job on the server and show its report. The
 * imported rows reach the replica through sync like any other change.
 * Every step calls the server, so the screen needs a connection.
 */
export function ImportPage() {
  const { online } = useSession();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  const [upload, setUpload] = useState<UploadState>({ status: "idle" });
  const [range, setRange] = useState<RangeInputs>(() => defaultRangeInputs(new Date()));
  const [createContacts, setCreateContacts] = useState(false);
  const [mapping, setMapping] = useState<AppliedMapping | null>(null);
  const [mappingOpen, setMappingOpen] = useState(false);
  const [previewState, setPreviewState] = useState<PreviewState | null>(null);
  const [started, setStarted] = useState<StartedJob | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const { job, error: statusError } = useImportJob(started?.jobId ?? null, online);

  // Leaving the page stops an upload in flight. A started import goes on on the server.
  const uploadRef = useRef(upload);
  useEffect(() => {
    uploadRef.current = upload;
  }, [upload]);
  useEffect(
    () => () => {
      if (uploadRef.current.status === "uploading") uploadRef.current.handle.abort();
    },
    [],
  );

  const uploaded = upload.status === "uploaded" ? upload : null;
  const rangeResult = rangeFromInputs(range);
  const request = useMemo(
    () => previewRequest(uploaded, range, createContacts, mapping),
    [uploaded, range, createContacts, mapping],
  );
  const requestKey = request === null ? null : JSON.stringify(request);

  // Ask for a preview whenever the file or its options change.
  useEffect(() => {
    if (request === null || requestKey === null || !online || started !== null) return;
    let active = true;
    const timer = setTimeout(() => {
      setPreviewState({ key: requestKey, status: "loading" });
      api.imports.preview.query(request).then(
        (preview) => {
          if (!active) return;
          setPreviewState({ key: requestKey, status: "ready", preview });
          if (request.options?.csvMapping !== undefined) setMappingOpen(false);
        },
        (caught: unknown) => {
          if (!active) return;
          const filename = uploaded?.file.filename ?? "The file";
          setPreviewState({
            key: requestKey,
            status: "failed",
            error: importErrorMessage(filename, caught),
            rejected: !isNetworkError(caught),
          });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [request, requestKey, online, started, uploaded]);

  const current = previewState?.key === requestKey ? previewState : null;
  const ready = current?.status === "ready" ? current.preview : null;
  const format = ready?.format ?? uploaded?.format ?? null;
  const header = uploaded?.header ?? null;
  // A CSV file the server rejected is most often one whose header it does not recognise, so offer the columns.
  const showMapping =
    format === "csv" &&
    header !== null &&
    header.length > 0 &&
    (mappingOpen || (current?.status === "failed" && current.rejected));

  function pickFile(file: File | undefined) {
    if (file === undefined) return;
    resetImport();
    const problem = checkImportFile(file);
    const format = importFormatOf(file.name);
    if (problem !== null || format === null) {
      setUpload({ status: "failed", error: problem ?? `${file.name}: choose a .vcf, .csv or .ics file.` });
      return;
    }

    const handle = uploadFile(file, (fraction) => {
      setUpload((state) =>
        state.status === "uploading" && state.handle === handle ? { ...state, progress: fraction } : state,
      );
    });
    setUpload({ status: "uploading", name: file.name, progress: 0, handle });
    const header = format === "csv" ? readCsvFileHeader(file).catch(() => null) : Promise.resolve(null);
    Promise.all([handle.done, header]).then(
      ([stored, csvHeader]) => {
        setUpload({ status: "uploaded", file: stored, format, header: csvHeader });
      },
      (caught: unknown) => {
        if (caught instanceof UploadError && caught.aborted) setUpload({ status: "idle" });
        else setUpload({ status: "failed", error: `${file.name}: ${uploadErrorText(caught)}` });
      },
    );
  }

  function resetImport() {
    setMapping(null);
    setMappingOpen(false);
    setPreviewState(null);
    setCreateContacts(false);
    setRange(defaultRangeInputs(new Date()));
    setStarted(null);
    setStartError(null);
  }

  async function startImport() {
    if (request === null || uploaded === null || ready === null) return;
    setStarting(true);
    setStartError(null);
    try {
      const { jobId } = await api.imports.start.mutate(request);
      setStarted({ jobId, filename: uploaded.file.filename });
    } catch (caught) {
      setStartError(importErrorMessage(uploaded.file.filename, caught));
    } finally {
      setStarting(false);
    }
  }

  const busy = upload.status === "uploading" || starting || started !== null;

  return (
    <div className="import-page">
      <div className="page-header">
        <div className="page-header__title">
          <h1>Import</h1>
          <p className="muted">
            Contacts from vCard (.vcf) or CSV files, meetings from iCalendar (.ics) files. You see what the
            file holds before anything is written.
          </p>
        </div>
      </div>

      {online ? null : (
        <p className="form-error import-offline" role="status" data-testid="import-offline">
          Import needs a connection. Connect to the network to upload a file and import it.
        </p>
      )}

      <section className="panel" aria-labelledby={`${inputId}-heading`}>
        <h2 id={`${inputId}-heading`} className="import-heading">
          1. Choose a file
        </h2>
        <div className="stack">
          <div className="row">
            <label htmlFor={inputId} className="field__label">
              File to import
            </label>
            <input
              ref={inputRef}
              id={inputId}
              type="file"
              accept={IMPORT_FILE_ACCEPT}
              disabled={!online || busy}
              onChange={(event) => {
                pickFile(event.target.files?.[0]);
                event.target.value = "";
              }}
            />
          </div>
          <UploadStatus upload={upload} />
        </div>
      </section>

      {uploaded !== null && started === null ? (
        <section className="panel" aria-label="Preview">
          <h2 className="import-heading">2. Check the preview</h2>
          <div className="stack">
            {format === "icalendar" ? (
              <CalendarOptions
                range={range}
                onRangeChange={setRange}
                rangeError={rangeResult.ok ? null : rangeResult.error}
                createContacts={createContacts}
                onCreateContactsChange={setCreateContacts}
                disabled={!online}
              />
            ) : null}

            {current?.status === "failed" ? (
              <p className="form-error" role="alert" data-testid="import-preview-error">
                {current.error}
              </p>
            ) : null}

            {showMapping && header !== null ? (
              <ColumnMappingForm
                key={uploaded.file.id}
                header={header}
                initial={mapping?.selection ?? {}}
                disabled={!online}
                onApply={(selection, csvMapping) => {
                  setMapping({ selection, mapping: csvMapping });
                }}
                {...(current?.status === "ready"
                  ? {
                      onCancel: () => {
                        setMappingOpen(false);
                      },
                    }
                  : {})}
              />
            ) : null}

            {current === null || current.status === "loading" ? (
              request === null ? null : (
                <p className="muted" role="status">
                  Reading {uploaded.file.filename}…
                </p>
              )
            ) : null}

            {ready !== null ? (
              <>
                {format === "csv" && header !== null && header.length > 0 && !showMapping ? (
                  <p className="row">
                    <span className="muted">
                      {mapping === null
                        ? "Columns recognised from the header row."
                        : "Columns as you chose them."}
                    </span>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        setMappingOpen(true);
                      }}
                    >
                      Choose columns
                    </button>
                  </p>
                ) : null}
                <ImportPreviewView preview={ready} />
              </>
            ) : null}

            {startError === null ? null : (
              <p className="form-error" role="alert">
                {startError}
              </p>
            )}
            <div className="row">
              <button
                type="button"
                className="button button--primary"
                disabled={!online || ready === null || starting || ready.counts.records === 0}
                onClick={() => void startImport()}
              >
                {starting ? "Starting…" : "Import"}
              </button>
              {ready !== null ? (
                <span className="field-hint">
                  {ready.counts.records === 0
                    ? "Nothing to import."
                    : `Imports ${ready.counts.records} ${ready.format === "icalendar" ? "meeting" : "contact"} record${ready.counts.records === 1 ? "" : "s"} from ${uploaded.file.filename}.`}
                </span>
              ) : null}
            </div>
          </div>
        </section>
      ) : null}

      {started === null ? null : (
        <section className="panel" aria-label="Import progress">
          <h2 className="import-heading">3. Import</h2>
          <JobProgress
            filename={started.filename}
            job={job}
            statusError={statusError}
            online={online}
            onAgain={() => {
              resetImport();
              setUpload({ status: "idle" });
              inputRef.current?.focus();
            }}
          />
        </section>
      )}
    </div>
  );
}

/** Builds the preview and start request for an uploaded file, or null while the options are invalid. */
function previewRequest(
  uploaded: Extract<UploadState, { status: "uploaded" }> | null,
  range: RangeInputs,
  createContacts: boolean,
  mapping: AppliedMapping | null,
): ImportRequest | null {
  if (uploaded === null) return null;
  if (uploaded.format === "icalendar") {
    const result = rangeFromInputs(range);
    if (!result.ok) return null;
    return {
      fileId: uploaded.file.id,
      options: {
        rangeStart: result.rangeStart,
        rangeEnd: result.rangeEnd,
        createContacts,
        // Calendar times written without a zone are most likely the user's own.
        defaultTimeZone: userTimeZone(),
      },
    };
  }
  if (uploaded.format === "csv" && mapping !== null) {
    return { fileId: uploaded.file.id, options: { csvMapping: mapping.mapping } };
  }
  return { fileId: uploaded.file.id };
}

function UploadStatus({ upload }: { readonly upload: UploadState }) {
  switch (upload.status) {
    case "idle":
      return <p className="field-hint">vCard (.vcf), CSV (.csv) or iCalendar (.ics), at most 10 MiB.</p>;
    case "uploading":
      return (
        <div className="row">
          <span>Uploading {upload.name}</span>
          <progress
            className="import-progress"
            max={1}
            value={upload.progress}
            aria-label={`Uploading ${upload.name}`}
          >
            {Math.round(upload.progress * 100)}%
          </progress>
          <span className="muted small">{Math.round(upload.progress * 100)}%</span>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              upload.handle.abort();
            }}
          >
            Cancel
          </button>
        </div>
      );
    case "uploaded":
      return (
        <p data-testid="import-file">
          <strong>{upload.file.filename}</strong>{" "}
          <span className="muted">
            · {formatBytes(upload.file.size)} · {FORMAT_LABELS[upload.format]} · uploaded
          </span>
        </p>
      );
    case "failed":
      return (
        <p className="form-error" role="alert" data-testid="import-upload-error">
          {upload.error}
        </p>
      );
  }
}

interface CalendarOptionsProps {
  readonly range: RangeInputs;
  readonly onRangeChange: (range: RangeInputs) => void;
  readonly rangeError: string | null;
  readonly createContacts: boolean;
  readonly onCreateContactsChange: (value: boolean) => void;
  readonly disabled: boolean;
}

function CalendarOptions({
  range,
  onRangeChange,
  rangeError,
  createContacts,
  onCreateContactsChange,
  disabled,
}: CalendarOptionsProps) {
  const id = useId();
  return (
    <fieldset className="import-options" disabled={disabled}>
      <legend>Calendar options</legend>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            className="input"
            value={range.from}
            aria-invalid={rangeError?.startsWith("From") ?? false}
            onChange={(event) => {
              onRangeChange({ ...range, from: event.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            className="input"
            value={range.to}
            aria-invalid={rangeError?.startsWith("To") ?? false}
            onChange={(event) => {
              onRangeChange({ ...range, to: event.target.value });
            }}
          />
        </div>
      </div>
      {rangeError === null ? null : (
        <p className="field-error" role="alert">
          {rangeError}
        </p>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={createContacts}
          onChange={(event) => {
            onCreateContactsChange(event.target.checked);
          }}
        />
        Create contacts for unknown attendees
      </label>
      <p className="field-hint">
        Meetings that have not started yet are left out. Times written without a time zone are read in{" "}
        {userTimeZone()}.
      </p>
    </fieldset>
  );
}

interface JobProgressProps {
  readonly filename: string;
  readonly job: ReturnType<typeof useImportJob>["job"];
  readonly statusError: string | null;
  readonly online: boolean;
  readonly onAgain: () => void;
}

function JobProgress({ filename, job, statusError, online, onAgain }: JobProgressProps) {
  const finished = job?.status === "done" || job?.status === "failed";
  return (
    <div className="stack">
      {job === null || job.status === "queued" || job.status === "running" ? (
        <div className="row" role="status">
          <span>
            {job?.status === "running" && job.total !== null
              ? `Importing ${filename}: ${job.processed} of ${job.total} records`
              : `Importing ${filename}: starting…`}
          </span>
          <progress
            className="import-progress"
            max={Math.max(job?.total ?? 1, 1)}
            value={job?.total === null || job === null ? undefined : job.processed}
            aria-label={`Importing ${filename}`}
          />
        </div>
      ) : null}

      {online ? null : (
        <p className="field-warning">
          The import goes on on the server; its progress shows again once you are back online.
        </p>
      )}
      {statusError !== null && online ? (
        <p className="form-error" role="alert">
          {filename}: {statusError}
        </p>
      ) : null}

      {job?.status === "failed" ? (
        <p className="form-error" role="alert" data-testid="import-job-error">
          {filename}: the import failed. {job.error ?? "Try again."}
        </p>
      ) : null}
      {job?.status === "done" && job.report !== null ? (
        <ImportReportView report={job.report} filename={filename} />
      ) : null}

      {finished ? (
        <div className="row">
          <button type="button" className="button" onClick={onAgain}>
            Import another file
          </button>
          <Link to="/contacts">Go to contacts</Link>
        </div>
      ) : null}
    </div>
  );
}

function uploadErrorText(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "the upload failed. Try again.";
}
