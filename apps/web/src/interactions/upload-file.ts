import type { FileRef } from "@crm/domain";

import { uploadContentType } from "./file-limits";

export interface UploadHandle {
  readonly done: Promise<FileRef>;
  /** Stops the upload; `done` rejects with an `UploadError` whose `aborted` is true. */
  abort(): void;
}

export class UploadError extends Error {
  override readonly name = "UploadError";
  readonly aborted: boolean;

  constructor(message: string, aborted = false) {
    super(message);
    this.aborted = aborted;
  }
}

/**
 * Uploads one file to `POST /files` as multipart form data; the server
 * responds with `{ files: [FileRef] }`. `XMLHttpRequest` rather than `fetch`
 * because only it reports upload progress. The session cookie authenticates
 * the request.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadHandle {
  const request = new XMLHttpRequest();
  const done = new Promise<FileRef>((resolve, reject) => {
    request.open("POST", "/files");
    request.withCredentials = true;
    request.responseType = "text";

    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status < 200 || request.status >= 300) {
        reject(new UploadError(errorMessage(request.status, request.responseText)));
        return;
      }
      const stored = parseUploadResponse(request.responseText);
      if (stored) {
        onProgress(1);
        resolve(stored);
      } else {
        reject(new UploadError("The upload response from the server is invalid; try again."));
      }
    };
    request.onerror = () => {
      reject(new UploadError("The upload failed: the server could not be reached. Check the connection and try again."));
    };
    request.onabort = () => {
      reject(new UploadError("The upload was cancelled.", true));
    };

    // The server checks the declared type, so a file the browser left untyped gets the type its extension names.
    const contentType = uploadContentType(file);
    const typed = contentType === file.type ? file : new File([file], file.name, { type: contentType });
    const form = new FormData();
    form.append("file", typed, file.name);
    request.send(form);
  });
  return { done, abort: () => { request.abort(); } };
}

function parseUploadResponse(text: string): FileRef | null {
  try {
    const body = JSON.parse(text) as { files?: unknown };
    const first: unknown = Array.isArray(body.files) ? (body.files as unknown[])[0] : undefined;
    return isFileRef(first) ? first : null;
  } catch {
    return null;
  }
}

function errorMessage(status: number, text: string): string {
  let detail = "";
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof body.message === "string") detail = body.message;
    else if (typeof body.error === "string") detail = body.error;
  } catch {
    detail = "";
  }
  if (status === 401) return "The upload was refused: your session has ended. Sign in again.";
  if (status === 413) return detail || "The file is too large: at most 25 MiB per file.";
  if (status === 415) return detail || "This type of file cannot be attached.";
  return detail ? `The upload failed: ${detail}` : `The upload failed (HTTP ${status}); try again.`;
}

function isFileRef(value: unknown): value is FileRef {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Record<string, unknown>;
  return (
    typeof file.id === "string" &&
    typeof file.filename === "string" &&
    typeof file.contentType === "string" &&
    typeof file.size === "number"
  );
}
