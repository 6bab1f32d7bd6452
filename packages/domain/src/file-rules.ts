import type { FieldErrors } from "./field-errors";
import { FILES_PER_INTERACTION_MAX } from "./schemas";

/** The largest file accepted: 25 MiB. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** The maximum number of files on one interaction. */
export const MAX_FILES_PER_INTERACTION = FILES_PER_INTERACTION_MAX;

/** The maximum filename length, in characters. */
export const MAX_FILENAME_LENGTH = 255;

/**
 * The content types accepted, each with the filename extensions that may carry
 * it: documents, images, audio, video and archives. HTML, SVG, XML and
 * JavaScript are never accepted, because a browser could run them as a page of
 * this site.
 */
export const EXTENSIONS_BY_CONTENT_TYPE: Readonly<Record<string, readonly string[]>> = {
  // Documents.
  "application/pdf": ["pdf"],
  "text/plain": ["txt", "text"],
  "text/csv": ["csv"],
  "application/rtf": ["rtf"],
  "text/rtf": ["rtf"],
  "application/msword": ["doc"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  // Windows browsers send the Excel type for .csv files too.
  "application/vnd.ms-excel": ["xls", "csv"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.ms-powerpoint": ["ppt"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "application/vnd.oasis.opendocument.text": ["odt"],
  "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
  "application/vnd.oasis.opendocument.presentation": ["odp"],
  "text/markdown": ["md", "markdown"],
  // Contact and calendar exports, read by the import.
  "text/vcard": ["vcf", "vcard"],
  "text/x-vcard": ["vcf", "vcard"],
  "text/calendar": ["ics", "ical"],
  "text/x-markdown": ["md", "markdown"],

  // Images.
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "image/heic": ["heic"],
  "image/heif": ["heif", "heic"],
  "image/avif": ["avif"],
  "image/bmp": ["bmp"],
  "image/tiff": ["tif", "tiff"],

  // Audio.
  "audio/mpeg": ["mp3", "mpga"],
  "audio/mp4": ["m4a", "mp4"],
  "audio/x-m4a": ["m4a"],
  "audio/ogg": ["ogg", "oga", "opus"],
  "audio/wav": ["wav"],
  "audio/x-wav": ["wav"],
  "audio/wave": ["wav"],
  "audio/webm": ["webm", "weba"],
  "audio/aac": ["aac"],
  "audio/flac": ["flac"],
  "audio/x-flac": ["flac"],

  // Video.
  "video/mp4": ["mp4", "m4v"],
  "video/webm": ["webm"],
  "video/quicktime": ["mov", "qt"],
  "video/ogg": ["ogv", "ogg"],

  // Archives.
  "application/zip": ["zip"],
  "application/x-zip-compressed": ["zip"],
  "application/gzip": ["gz", "tgz"],
  "application/x-gzip": ["gz", "tgz"],
  "application/x-7z-compressed": ["7z"],
  "application/x-tar": ["tar"],
};

/** Every accepted content type, without parameters such as `charset`. */
export const ALLOWED_CONTENT_TYPES: readonly string[] = Object.keys(EXTENSIONS_BY_CONTENT_TYPE);

/** A file about to be uploaded, as the browser or the upload route receives it. */
export interface UploadCandidate {
  readonly filename: string;
  /** The declared MIME type. Parameters such as `; charset=utf-8` are ignored. */
  readonly contentType: string;
  /** Size in bytes. */
  readonly size: number;
}

/**
 * Checks a file against the upload rules: a filename of at most
 * MAX_FILENAME_LENGTH characters, a content type on the allowlist, an
 * extension that fits the content type, and a size from 1 byte to
 * MAX_FILE_BYTES. Returns the first problem as a sentence for people, or null
 * when the file may be uploaded. The server checks the content itself too.
 */
export function checkUploadCandidate(candidate: UploadCandidate): string | null {
  const [first] = Object.entries(uploadCandidateErrors(candidate));
  if (first === undefined) return null;
  const [field, messages] = first;
  return `${SENTENCE_SUBJECTS[field as UploadField]} ${messages[0] ?? "is not accepted"}.`;
}

/**
 * Returns the problems of an upload keyed by field (`filename`, `contentType`,
 * `size`), each message saying what to do. Returns {} when the file may be uploaded.
 */
export function uploadCandidateErrors(candidate: UploadCandidate): FieldErrors {
  const errors: Partial<Record<UploadField, string[]>> = {};
  const filename = candidate.filename.trim();
  const contentType = normalizeContentType(candidate.contentType);

  if (filename === "") errors.filename = ["is required; name the file"];
  else if (filename.length > MAX_FILENAME_LENGTH) {
    errors.filename = [`must be at most ${MAX_FILENAME_LENGTH} characters; rename the file`];
  }

  const extensions = EXTENSIONS_BY_CONTENT_TYPE[contentType];
  if (!extensions) {
    errors.contentType = [
      `${contentType || "(none)"} is not accepted; upload a document, image, audio, video or archive file (never HTML, SVG, XML or JavaScript)`,
    ];
  } else if (filename !== "" && !extensions.includes(fileExtension(filename))) {
    (errors.filename ??= []).push(
      `must end in ${extensions.map((extension) => `.${extension}`).join(" or ")} for a file of type ${contentType}`,
    );
  }

  if (candidate.size > MAX_FILE_BYTES) {
    errors.size = [`is ${formatMebibytes(candidate.size)}; a file may be at most 25 MiB`];
  } else if (candidate.size <= 0) {
    errors.size = ["is empty; upload a file that has content"];
  }

  return errors;
}

/**
 * Returns the content type to upload a file with: the declared type, or, when
 * the browser declared none (or only `application/octet-stream`), the type
 * its extension names. Returns the declared type unchanged when no accepted
 * type fits, so that `checkUploadCandidate` names the problem.
 */
export function uploadContentTypeFor(filename: string, declaredType: string): string {
  const declared = normalizeContentType(declaredType);
  if (declared !== "" && declared !== "application/octet-stream") return declared;
  const extension = fileExtension(filename);
  const inferred = ALLOWED_CONTENT_TYPES.find((type) => EXTENSIONS_BY_CONTENT_TYPE[type]?.includes(extension));
  return inferred ?? declared;
}

/** Lowercases a MIME type and drops its parameters: `Text/Plain; charset=utf-8` becomes `text/plain`. */
export function normalizeContentType(contentType: string): string {
  return contentType.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Returns the lowercase extension after the last dot, or "" for none. A leading dot starts a name, not an extension. */
export function fileExtension(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot <= 0 ? "" : filename.slice(dot + 1).toLowerCase();
}

type UploadField = "filename" | "contentType" | "size";

const SENTENCE_SUBJECTS: Readonly<Record<UploadField, string>> = {
  filename: "The file name",
  contentType: "The file type",
  size: "The file",
};

function formatMebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
