import {
  ALLOWED_CONTENT_TYPES,
  MAX_FILE_BYTES,
  MAX_FILES_PER_INTERACTION,
  readFile,
  stageFile,
  type Actor,
  type ServiceContext,
} from "@crm/api";
import { DomainError, isId, type DomainErrorCode, type FieldErrors, type FileRef } from "@crm/domain";
import fastifyMultipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { attachmentDisposition } from "./content-disposition";
import type { RequestSession } from "./session";

export interface FileRouteOptions {
  readonly services: ServiceContext;
  readonly authenticate: (request: FastifyRequest) => Promise<RequestSession | null>;
}

/** The body of a successful `POST /files`: the staged files, to pass as `fileIds` to `interactions.create`. */
export interface UploadResponse {
  readonly files: readonly FileRef[];
}

/** The body of a rejected request. `fieldErrors` come from the file rules, keyed by field. */
export interface ErrorResponse {
  readonly error: string;
  readonly fieldErrors?: FieldErrors;
}

/**
 * Registers `POST /files`, which stages uploaded files for a later
 * `interactions.create`, and `GET /files/:id`, which downloads one. Both need a
 * session. A file of another workspace gets the same 404 as a missing one.
 */
export async function registerFileRoutes(app: FastifyInstance, options: FileRouteOptions): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES_PER_INTERACTION, fields: 20, parts: 40 },
      throwFileSizeLimit: true,
    });
    scope.post("/files", (request, reply) => upload(options, request, reply));
    scope.get<{ Params: { id: string } }>("/files/:id", (request, reply) =>
      download(options, request.params.id, request, reply),
    );
  });
}

const ALLOWED = new Set<string>(ALLOWED_CONTENT_TYPES);
const MAX_FILE_MIB = MAX_FILE_BYTES / (1024 * 1024);

const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
};

/** A rejected upload, with the HTTP status and message of the response. */
class UploadRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

async function upload(options: FileRouteOptions, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const session = await options.authenticate(request);
  if (session === null) return rejectUpload(reply, new UploadRejected(401, "Not signed in: sign in to upload files."));

  const { actor } = session;
  const ids = { workspaceId: actor.workspaceId, userId: actor.userId };
  let staged: FileRef[];
  try {
    if (!request.isMultipart()) {
      throw new UploadRejected(415, "The body is not multipart/form-data. Send the files as multipart/form-data, one part per file.");
    }
    staged = await stageParts(options.services, actor, request.parts());
    if (staged.length === 0) throw new UploadRejected(400, "The upload contains no file. Attach at least one file part.");
  } catch (error) {
    const rejection = asRejection(error);
    if (rejection === undefined) {
      request.log.error({ err: error, ...ids }, "upload failed");
      return rejectUpload(reply, new UploadRejected(500, "The upload failed on the server. Try again later."));
    }
    request.log.info({ ...ids, status: rejection.status, reason: rejection.message }, "upload rejected");
    return rejectUpload(reply, rejection);
  }

  const body: UploadResponse = { files: staged };
  return reply.code(201).send(body);
}

/**
 * Stages each file part as soon as it has arrived. When a later file is
 * rejected, the earlier ones stay staged, and the hourly clean-up removes them
 * like any other file that was never attached.
 */
async function stageParts(
  services: ServiceContext,
  actor: Actor,
  parts: AsyncIterable<MultipartFile | { readonly type: "field" }>,
): Promise<FileRef[]> {
  const staged: FileRef[] = [];
  for await (const part of parts) {
    if (part.type !== "file") continue;

    const filename = part.filename.trim();
    const contentType = (part.mimetype.split(";")[0] ?? "").trim().toLowerCase();
    if (filename === "") throw new UploadRejected(400, "A file part has no filename. Name the file and upload it again.");
    if (!ALLOWED.has(contentType)) {
      throw new UploadRejected(
        415,
        `"${filename}" is of type ${contentType || "(none)"}, which is not accepted: upload a document, image, audio, video or archive file (never HTML, SVG or XML).`,
      );
    }

    const data = await readPart(part, filename);
    try {
      staged.push(await stageFile(services, actor, { filename, contentType, data }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The service names the field. The message adds the filename, because an upload may carry several files.
      const status = error.fieldErrors?.contentType === undefined ? DOMAIN_ERROR_STATUS[error.code] : 415;
      throw new UploadRejected(status, `"${filename}" (${contentType}) is invalid: ${error.message}`, error.fieldErrors);
    }
  }
  return staged;
}

async function readPart(part: MultipartFile, filename: string): Promise<Uint8Array> {
  try {
    return await part.toBuffer();
  } catch (error) {
    if (hasCode(error, "FST_REQ_FILE_TOO_LARGE")) {
      throw new UploadRejected(413, `"${filename}" is larger than ${MAX_FILE_MIB} MiB. Upload a smaller file or split it.`);
    }
    throw error;
  }
}

/** Converts the multipart reader's own errors into rejections. Any other error is a server failure. */
function asRejection(error: unknown): UploadRejected | undefined {
  if (error instanceof UploadRejected) return error;
  if (hasCode(error, "FST_FILES_LIMIT")) {
    return new UploadRejected(413, `Too many files: upload at most ${MAX_FILES_PER_INTERACTION} files at a time.`);
  }
  if (hasCode(error, "FST_PARTS_LIMIT") || hasCode(error, "FST_FIELDS_LIMIT")) {
    return new UploadRejected(413, "Too many form fields: send only the files.");
  }
  if (isClientError(error)) return new UploadRejected(400, `The multipart body could not be read: ${error.message}`);
  return undefined;
}

async function download(
  options: FileRouteOptions,
  id: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const session = await options.authenticate(request);
  if (session === null) return sendError(reply, 401, { error: "Not signed in: sign in to download files." });

  const found = isId(id) ? await readFile(options.services, session.actor, id) : null;
  if (found === null) return sendError(reply, 404, { error: "File not found in this workspace." });

  const { file, data } = found;
  return reply
    .header("Content-Type", file.contentType)
    .header("Content-Length", data.byteLength)
    .header("Content-Disposition", attachmentDisposition(file.filename))
    .header("Cache-Control", "private")
    // A downloaded file must never run as part of this site, even if a browser renders it.
    .header("Content-Security-Policy", "default-src 'none'; sandbox")
    .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

function sendError(reply: FastifyReply, status: number, body: ErrorResponse): FastifyReply {
  return reply.code(status).send(body);
}

/**
 * Sends the error response of a rejected upload and closes the connection,
 * because the rest of the upload may still be arriving and is not worth reading.
 */
function rejectUpload(reply: FastifyReply, rejection: UploadRejected): FastifyReply {
  const body: ErrorResponse =
    rejection.fieldErrors === undefined
      ? { error: rejection.message }
      : { error: rejection.message, fieldErrors: rejection.fieldErrors };
  return sendError(reply.header("Connection", "close"), rejection.status, body);
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

function isClientError(error: unknown): error is Error {
  const status = typeof error === "object" && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return error instanceof Error && typeof status === "number" && status >= 400 && status < 500;
}
