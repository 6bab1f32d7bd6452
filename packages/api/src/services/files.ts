import { createHash } from "node:crypto";

import { fileContents, files, runInTransaction, type FileRow, type Transaction } from "@crm/db";
import {
  DomainError,
  MAX_FILES_PER_INTERACTION,
  isId,
  normalizeContentType,
  uploadCandidateErrors,
  validationError,
  type FieldErrors,
  type FileRef,
} from "@crm/domain";
import { and, count, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";

import type { Actor, ServiceContext } from "../context";

/** How long a staged file waits to be attached before removeStaleStagedFiles deletes it. */
export const STAGED_FILE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** How many leading bytes are searched for markup. */
const SNIFF_BYTES = 512;

const MARKUP_MESSAGE = "starts like HTML, SVG or XML markup, which cannot be uploaded; save it as PDF or plain text";

export interface StageFileInput {
  readonly filename: string;
  /** The declared MIME type; parameters such as `; charset=utf-8` are dropped. */
  readonly contentType: string;
  readonly data: Uint8Array;
}

/**
 * Stores an uploaded file as staged: not yet attached to an interaction, and
 * deleted after STAGED_FILE_LIFETIME_MS unless an interaction attaches it.
 * Rejects with field errors (`filename`, `contentType`, `data`) a file that
 * breaks the domain's upload rules (`checkUploadCandidate`) and content that
 * starts like HTML, SVG or XML.
 */
export async function stageFile(services: ServiceContext, actor: Actor, input: StageFileInput): Promise<FileRef> {
  const { filename, contentType, errors } = checkUpload(input);
  if (errors) throw validationError(errors);

  const id = services.newId();
  const size = input.data.byteLength;
  const sha256 = createHash("sha256").update(input.data).digest("hex");
  await runInTransaction(services.db, async (tx) => {
    await tx.insert(files).values({
      id,
      workspaceId: actor.workspaceId,
      interactionId: null,
      uploadedByUserId: actor.userId,
      filename,
      contentType,
      size,
      sha256,
      createdAt: services.now(),
    });
    await tx.insert(fileContents).values({ fileId: id, workspaceId: actor.workspaceId, data: input.data });
  });

  services.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId, fileId: id, size }, "file staged");
  return { id, filename, contentType, size };
}

/**
 * Returns a file and its bytes when the actor may download it: a file of the
 * actor's workspace that is attached to an interaction, or staged by the actor.
 * Returns null otherwise, and for a malformed id.
 */
export async function readFile(
  services: ServiceContext,
  actor: Actor,
  fileId: string,
): Promise<{ readonly file: FileRef; readonly data: Uint8Array } | null> {
  if (!isId(fileId)) return null;
  const [row] = await services.db
    .select({ file: files, data: fileContents.data })
    .from(files)
    .innerJoin(fileContents, eq(fileContents.fileId, files.id))
    .where(
      and(
        eq(files.workspaceId, actor.workspaceId),
        eq(files.id, fileId),
        or(isNotNull(files.interactionId), eq(files.uploadedByUserId, actor.userId)),
      ),
    );
  if (!row) return null;
  return { file: toFileRef(row.file), data: row.data };
}

/**
 * Attaches staged files of the actor's workspace to an interaction, inside the
 * caller's transaction, and returns them in the order given. Rejects, with
 * field errors at `fileIds.N`, a malformed, unknown or foreign id, a file
 * already attached, an id listed twice, and each file past
 * MAX_FILES_PER_INTERACTION on the interaction.
 */
export async function attachFiles(
  tx: Transaction,
  actor: Actor,
  interactionId: string,
  fileIds: readonly string[],
): Promise<FileRef[]> {
  if (fileIds.length === 0) return [];
  const errors: Record<string, string[]> = {};

  const [attached] = await tx
    .select({ count: count() })
    .from(files)
    .where(and(eq(files.workspaceId, actor.workspaceId), eq(files.interactionId, interactionId)));
  const room = MAX_FILES_PER_INTERACTION - (attached?.count ?? 0);

  const wellFormed = [...new Set(fileIds.filter(isId).map((id) => id.toLowerCase()))];
  const rows =
    wellFormed.length === 0
      ? []
      : await tx
          .select()
          .from(files)
          .where(and(eq(files.workspaceId, actor.workspaceId), inArray(files.id, wellFormed)));
  const rowsById = new Map(rows.map((row) => [row.id, row]));

  const firstIndex = new Map<string, number>();
  fileIds.forEach((rawId, index) => {
    const id = rawId.toLowerCase();
    const row = rowsById.get(id);
    const seenAt = firstIndex.get(id);
    let message: string | undefined;
    if (!isId(rawId)) message = "must be a UUID";
    else if (seenAt !== undefined) message = `lists the same file as fileIds.${seenAt}`;
    else if (!row) message = "not found in this workspace; upload the file again";
    else if (row.interactionId !== null) message = "is already attached to an interaction; upload the file again";
    else if (index >= room) message = `is past the limit of ${MAX_FILES_PER_INTERACTION} files for one interaction`;
    if (seenAt === undefined) firstIndex.set(id, index);
    if (message) errors[`fileIds.${index}`] = [message];
  });
  if (Object.keys(errors).length > 0) throw validationError(errors);

  // The interaction_id check keeps a file that a concurrent write attached from moving.
  const linked = await tx
    .update(files)
    .set({ interactionId })
    .where(and(eq(files.workspaceId, actor.workspaceId), inArray(files.id, wellFormed), isNull(files.interactionId)))
    .returning();
  if (linked.length !== wellFormed.length) {
    throw new DomainError("CONFLICT", "fileIds: a file was attached elsewhere at the same time; upload it again", {
      fileIds: ["a file was attached elsewhere at the same time; upload it again"],
    });
  }

  const linkedById = new Map(linked.map((row) => [row.id, row]));
  return wellFormed.flatMap((id) => {
    const row = linkedById.get(id);
    return row ? [toFileRef(row)] : [];
  });
}

/**
 * Deletes staged files, of every workspace, that were uploaded more than
 * STAGED_FILE_LIFETIME_MS before `now` and never attached. Returns how many.
 */
export async function removeStaleStagedFiles(services: ServiceContext, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - STAGED_FILE_LIFETIME_MS);
  const removed = await services.db
    .delete(files)
    .where(and(isNull(files.interactionId), lt(files.createdAt, cutoff)))
    .returning({ id: files.id });
  if (removed.length > 0) services.logger.info({ count: removed.length }, "stale staged files removed");
  return removed.length;
}

export function toFileRef(row: FileRow): FileRef {
  return { id: row.id, filename: row.filename, contentType: row.contentType, size: row.size };
}

/**
 * Returns the cleaned filename and content type of an upload, with field
 * errors for whatever the upload rules or the content sniffing reject.
 */
function checkUpload(input: StageFileInput): {
  readonly filename: string;
  readonly contentType: string;
  readonly errors: FieldErrors | undefined;
} {
  const filename = cleanFilename(input.filename);
  const contentType = normalizeContentType(input.contentType);
  const { size, ...errors } = uploadCandidateErrors({ filename, contentType, size: input.data.byteLength });

  // The upload rules key the size as `size`, but here the bytes arrive as `data`.
  const dataErrors = size ?? (startsWithMarkup(input.data) ? [MARKUP_MESSAGE] : undefined);
  const all: FieldErrors = dataErrors === undefined ? errors : { ...errors, data: dataErrors };
  return { filename, contentType, errors: Object.keys(all).length > 0 ? all : undefined };
}

/** Keeps the last path segment and drops control characters, so a name never carries a path or a header break. */
function cleanFilename(filename: string): string {
  const lastSegment = filename.split(/[/\\]/).at(-1) ?? "";
  return lastSegment.replace(/\p{Cc}/gu, "").trim();
}

/**
 * Tells whether the content opens like a markup document: after a byte order
 * mark and whitespace, `<` followed by a letter, `!` or `?` (as in `<html`,
 * `<svg`, `<!DOCTYPE`, `<?xml`). NUL bytes are skipped, so UTF-16 text is caught
 * too. No accepted binary format starts with `<`.
 */
function startsWithMarkup(data: Uint8Array): boolean {
  const head: number[] = [];
  for (const byte of data.subarray(0, SNIFF_BYTES)) if (byte !== 0) head.push(byte);

  let index = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) index = 3;
  else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) index = 2;
  while (index < head.length && isWhitespace(head[index])) index += 1;

  if (head[index] !== 0x3c) return false;
  const next = head[index + 1];
  return next !== undefined && (next === 0x21 || next === 0x3f || isAsciiLetter(next));
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
}

function isAsciiLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

