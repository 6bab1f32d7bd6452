import type { FileRef } from "@crm/domain";
import { useEffect, useId, useRef, useState } from "react";

import { FILE_INPUT_ACCEPT, FILES_MAX, checkFiles, formatBytes } from "./file-limits";
import { UploadError, uploadFile, type UploadHandle } from "./upload-file";

export interface AttachmentsProps {
  /** Files uploaded and ready to attach. */
  readonly files: readonly FileRef[];
  readonly onAttach: (file: FileRef) => void;
  readonly onRemove: (fileId: string) => void;
  readonly online: boolean;
  /** Uploads in flight; the composer waits for them before saving. */
  readonly onBusyChange: (busy: boolean) => void;
  /** Editing cannot add files: they are attached only when an interaction is created. */
  readonly readOnly?: boolean;
  readonly errorId?: string;
}

interface Upload {
  readonly key: number;
  readonly name: string;
  readonly size: number;
  readonly progress: number;
  readonly error: string | null;
  readonly handle: UploadHandle | null;
}

/**
 * Renders the composer's attachments. Each picked file is checked against the
 * limits, then uploaded at once with its own progress bar. The staged file's
 * id is attached when the interaction is created.
 *
 * Uploading needs the network, so the picker is disabled offline.
 */
export function Attachments({ files, onAttach, onRemove, online, onBusyChange, readOnly = false, errorId }: AttachmentsProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const nextKey = useRef(0);
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const [problems, setProblems] = useState<readonly string[]>([]);

  const busy = uploads.some((upload) => upload.error === null);
  useEffect(() => {
    onBusyChange(busy);
  }, [busy, onBusyChange]);

  // Uploads still running when the composer closes are abandoned.
  const uploadsRef = useRef(uploads);
  useEffect(() => {
    uploadsRef.current = uploads;
  }, [uploads]);
  useEffect(
    () => () => {
      for (const upload of uploadsRef.current) upload.handle?.abort();
    },
    [],
  );

  function update(key: number, change: Partial<Upload>) {
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));
  }

  function start(picked: readonly File[]) {
    const inFlight = uploads.filter((upload) => upload.error === null).length;
    const { accepted, problems: found } = checkFiles(picked, files.length + inFlight);
    setProblems(found);

    for (const file of accepted) {
      nextKey.current += 1;
      const key = nextKey.current;
      const handle = uploadFile(file, (fraction) => {
        update(key, { progress: fraction });
      });
      setUploads((current) => [...current, { key, name: file.name, size: file.size, progress: 0, error: null, handle }]);
      handle.done.then(
        (stored) => {
          setUploads((current) => current.filter((upload) => upload.key !== key));
          onAttach(stored);
        },
        (error: unknown) => {
          if (error instanceof UploadError && error.aborted) {
            setUploads((current) => current.filter((upload) => upload.key !== key));
          } else {
            update(key, { error: error instanceof Error ? error.message : "The upload failed; try again.", handle: null });
          }
        },
      );
    }
  }

  if (readOnly) {
    return files.length === 0 ? (
      <p className="field-hint">Files are attached when an interaction is logged.</p>
    ) : (
      <ul className="upload-list" aria-label="Attached files">
        {files.map((file) => (
          <li key={file.id} className="upload-item">
            <span className="upload-item__name">{file.filename}</span>
            <span className="muted">{formatBytes(file.size)}</span>
            <span />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="stack" aria-describedby={errorId}>
      <div className="row">
        <label htmlFor={inputId} className="visually-hidden">
          Attach files
        </label>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          multiple
          accept={FILE_INPUT_ACCEPT}
          disabled={!online}
          className="visually-hidden"
          onChange={(event) => {
            start(Array.from(event.target.files ?? []));
            event.target.value = "";
          }}
        />
        <button
          type="button"
          className="button"
          disabled={!online}
          onClick={() => inputRef.current?.click()}
        >
          Attach files
        </button>
        <span className="field-hint">
          {online
            ? `Up to ${FILES_MAX} files, 25 MiB each: documents, images, audio, video or archives.`
            : "Attaching files needs a connection; you can log the interaction now and add files when online."}
        </span>
      </div>

      {problems.length > 0 ? (
        <ul className="field-error" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}

      {files.length > 0 || uploads.length > 0 ? (
        <ul className="upload-list" aria-label="Attached files">
          {files.map((file) => (
            <li key={file.id} className="upload-item">
              <span className="upload-item__name">{file.filename}</span>
              <span className="muted">{formatBytes(file.size)} · uploaded</span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove ${file.filename}`}
                onClick={() => {
                  onRemove(file.id);
                }}
              >
                Remove
              </button>
            </li>
          ))}
          {uploads.map((upload) => (
            <li key={upload.key} className="upload-item">
              <span className="upload-item__name">{upload.name}</span>
              {upload.error === null ? (
                <progress max={1} value={upload.progress} aria-label={`Uploading ${upload.name}`}>
                  {Math.round(upload.progress * 100)}%
                </progress>
              ) : (
                <span className="field-error">{upload.error}</span>
              )}
              <button
                type="button"
                className="button button--small"
                aria-label={upload.error === null ? `Cancel uploading ${upload.name}` : `Dismiss ${upload.name}`}
                onClick={() => {
                  if (upload.handle) upload.handle.abort();
                  else setUploads((current) => current.filter((item) => item.key !== upload.key));
                }}
              >
                {upload.error === null ? "Cancel" : "Dismiss"}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <span className="visually-hidden" aria-live="polite">
        {busy ? `Uploading ${uploads.filter((upload) => upload.error === null).length} file(s)` : ""}
      </span>
    </div>
  );
}
