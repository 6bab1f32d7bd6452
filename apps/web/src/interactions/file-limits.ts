import {
  EXTENSIONS_BY_CONTENT_TYPE,
  MAX_FILE_BYTES,
  MAX_FILES_PER_INTERACTION,
  checkUploadCandidate,
  uploadContentTypeFor,
} from "@crm/domain";

/** Largest file the server accepts: 25 MiB. */
export const FILE_SIZE_MAX = MAX_FILE_BYTES;
export const FILES_MAX = MAX_FILES_PER_INTERACTION;

/** The `accept` attribute of the file input: a hint to the picker; `checkFiles` decides. */
export const FILE_INPUT_ACCEPT = [
  ...new Set(Object.values(EXTENSIONS_BY_CONTENT_TYPE).flat().map((extension) => `.${extension}`)),
].join(",");

export interface FileCheck {
  readonly accepted: readonly File[];
  /** One message per rejected file or exceeded limit, saying what to do. */
  readonly problems: readonly string[];
}

/**
 * Checks picked files against the upload rules before any upload: at most
 * `FILES_MAX` per interaction counting `alreadyAttached`, and for each file
 * the domain's `checkUploadCandidate` (type, extension, size).
 */
export function checkFiles(files: readonly File[], alreadyAttached: number): FileCheck {
  const accepted: File[] = [];
  const problems: string[] = [];

  for (const file of files) {
    const problem = checkUploadCandidate({ filename: file.name, contentType: uploadContentType(file), size: file.size });
    if (problem === null) accepted.push(file);
    else problems.push(`${file.name}: ${problem}`);
  }

  const room = Math.max(0, FILES_MAX - alreadyAttached);
  if (accepted.length > room) {
    const left = accepted.splice(room);
    problems.push(
      `At most ${FILES_MAX} files per interaction: ${left.map((file) => file.name).join(", ")} not attached.`,
    );
  }
  return { accepted, problems };
}

/**
 * Returns the content type to upload the file with: the declared one, or for
 * a file without a type (the browser sends application/octet-stream) the type
 * its extension names. `checkFiles` decides whether the server accepts it.
 */
export function uploadContentType(file: { readonly name: string; readonly type: string }): string {
  return uploadContentTypeFor(file.name, file.type);
}

/** Formats a size for people, such as "1.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
