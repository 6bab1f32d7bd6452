import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import {
  createNotifier,
  detectImportFormat,
  importFile,
  ImportFileError,
  type Actor,
  type ClosableNotifier,
  type ImportFormat,
  type ImportOptions,
  type ImportReport,
  type ServiceContext,
} from "@crm/api";
import { createDatabase, DataFolderInUseError, migrate, users, workspaces, type DatabaseHandle } from "@crm/db";
import { DomainError, isId } from "@crm/domain";
import { and, asc, eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { uuidv7 } from "uuidv7";

import { ConfigError, LOG_LEVELS, loadConfig, type LogLevel } from "./config";

/** Output streams of the command: the report goes to `stdout`, progress and errors to `stderr`. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Exit codes: 0 done, 1 the file was rejected or the import failed, 2 invalid arguments or configuration. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: pnpm --filter @crm/server cli import FILE --workspace <id or name> [options]

Imports contacts from a vCard (.vcf) or CSV file, or meetings from an iCalendar (.ics) file.

Options:
  --workspace <id or name>  the workspace to import into (required)
  --user <email>            the user the import acts as (default: the workspace's first admin)
  --format vcard|csv|ics    the file's format (default: from its extension or first line)
  --from <date>             calendar: import events from this date (default: one year before --to)
  --to <date>               calendar: import events before this date (default: now)
  --time-zone <zone>        calendar: IANA zone of times written without one (default: UTC)
  --create-contacts         calendar: create contacts for attendees nobody in the workspace has
  --json                    print the report as JSON
  --help                    print this help

The database comes from DATABASE_URL, else the PGlite folder CRM_DATA_DIR, as for the server.
`;

/** Error for invalid arguments. Its message names the argument and what to change. */
class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Runs the command line with `args` (without the node and script paths) and
 * returns its exit code. Reads the same environment variables as the server.
 */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  output: CliOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  try {
    return await runImportCommand(args, env, output);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      output.stderr.write(`${error.message}\n\nRun with --help for the options.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof DataFolderInUseError) {
      output.stderr.write(`Nothing was imported. ${error.message}\n`);
      return EXIT_REJECTED;
    }
    if (error instanceof ImportFileError) {
      output.stderr.write(`The file was rejected and nothing was imported. ${error.message}\n`);
      return EXIT_REJECTED;
    }
    output.stderr.write(`The import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_REJECTED;
  }
}

async function runImportCommand(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  // 1. Arguments.
  const request = parseImportArguments(args);
  if (request === "help") {
    output.stdout.write(USAGE);
    return EXIT_OK;
  }
  // pnpm runs scripts in the package folder, so a relative path is read from where the command was typed.
  const content = await readImportFile(resolve(env.INIT_CWD || process.cwd(), request.file));
  const format = detectFormat(request, content);

  // 2. The database, opened and migrated as the server does.
  const config = loadConfig(env);
  const logger = pino({ level: cliLogLevel(env) }, pino.destination(2));
  const handle =
    config.database.driver === "postgres"
      ? await createDatabase({ url: config.database.url })
      : await createDatabase({ dataDir: config.database.dataDir });
  let notifier: ClosableNotifier | undefined;
  try {
    await migrate(handle);
    // On PostgreSQL this notifies over LISTEN/NOTIFY, so running servers poke their clients.
    notifier = await createNotifier(handle, logger);
    const services: ServiceContext = { db: handle.db, notifier, logger, now: () => new Date(), newId: uuidv7 };

    // 3. The actor, then the import.
    const actor = await resolveActor(handle, request.workspace, request.user);
    const options: ImportOptions = {
      ...(request.from === undefined ? {} : { rangeStart: request.from }),
      ...(request.to === undefined ? {} : { rangeEnd: request.to }),
      ...(request.timeZone === undefined ? {} : { defaultTimeZone: request.timeZone }),
      ...(request.createContacts ? { createContacts: true } : {}),
    };
    const report = await importFile(services, actor, { format, content, options }, ({ processed, total }) => {
      output.stderr.write(`Processed ${processed} of ${total} records\n`);
    }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "BAD_REQUEST") throw new UsageError(error.message);
      throw error;
    });

    output.stdout.write(request.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(basename(request.file), report));
    return EXIT_OK;
  } finally {
    await notifier?.close();
    await handle.close();
  }
}

interface ImportArguments {
  readonly file: string;
  readonly workspace: string;
  readonly user: string | undefined;
  readonly format: ImportFormat | undefined;
  readonly from: Date | undefined;
  readonly to: Date | undefined;
  readonly timeZone: string | undefined;
  readonly createContacts: boolean;
  readonly json: boolean;
}

const FORMAT_NAMES: Readonly<Record<string, ImportFormat>> = {
  vcard: "vcard",
  vcf: "vcard",
  csv: "csv",
  ics: "icalendar",
  icalendar: "icalendar",
};

function parseImportArguments(args: readonly string[]): ImportArguments | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        workspace: { type: "string" },
        user: { type: "string" },
        format: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        "time-zone": { type: "string" },
        "create-contacts": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";

  const [command, file, ...extra] = positionals;
  if (command !== "import") {
    throw new UsageError(command === undefined ? "Missing command: run `import FILE`." : `Unknown command "${command}": the only command is import.`);
  }
  if (file === undefined) throw new UsageError("Missing FILE: name the .vcf, .csv or .ics file to import.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra.join(" ")}": import one file at a time.`);
  if (values.workspace === undefined || values.workspace.trim() === "") {
    throw new UsageError("Missing --workspace: pass the id or the name of the workspace to import into.");
  }

  let format: ImportFormat | undefined;
  if (values.format !== undefined) {
    format = FORMAT_NAMES[values.format.toLowerCase()];
    if (format === undefined) throw new UsageError(`Invalid --format "${values.format}": use vcard, csv or ics.`);
  }

  return {
    file,
    workspace: values.workspace.trim(),
    user: values.user?.trim(),
    format,
    from: parseDate("--from", values.from),
    to: parseDate("--to", values.to),
    timeZone: values["time-zone"],
    createContacts: values["create-contacts"],
    json: values.json,
  };
}

function parseDate(option: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`Invalid ${option} "${value}": use a date such as 2025-03-01 or 2025-03-01T09:00:00Z.`);
  }
  return date;
}

async function readImportFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot read FILE "${path}" (${reason}): check the path.`);
  }
}

function detectFormat(request: ImportArguments, content: Uint8Array): ImportFormat {
  try {
    return detectImportFormat({ filename: basename(request.file), content, format: request.format });
  } catch (error) {
    if (error instanceof DomainError) {
      throw new UsageError(`Unknown format of "${request.file}": pass --format vcard, csv or ics.`);
    }
    throw error;
  }
}

/** Finds the workspace by id or exact name and the user by email, else the workspace's oldest active admin. */
async function resolveActor(handle: DatabaseHandle, workspace: string, userEmail: string | undefined): Promise<Actor> {
  const found = await handle.db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(isId(workspace) ? eq(workspaces.id, workspace.toLowerCase()) : eq(workspaces.name, workspace))
    .limit(2);
  const [match] = found;
  if (match === undefined) throw new UsageError(`No workspace with the id or name "${workspace}": check --workspace.`);
  if (found.length > 1) throw new UsageError(`Several workspaces are named "${workspace}": pass the workspace id instead.`);

  const [user] = await handle.db
    .select()
    .from(users)
    .where(
      and(
        eq(users.workspaceId, match.id),
        eq(users.status, "active"),
        userEmail === undefined ? eq(users.role, "admin") : eq(sql`lower(${users.email})`, userEmail.toLowerCase()),
      ),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  if (user === undefined) {
    throw new UsageError(
      userEmail === undefined
        ? `Workspace "${match.name}" has no active admin: pass --user with the email of a user to act as.`
        : `No active user with the email ${userEmail} in workspace "${match.name}": check --user.`,
    );
  }
  return {
    userId: user.id,
    workspaceId: match.id,
    role: user.role,
    staffPersonId: user.staffPersonId,
    contactId: user.contactId,
    sessionId: uuidv7(),
  };
}

/** Returns LOG_LEVEL, else warn, because the services log a line for every record they write. */
function cliLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const level = env.LOG_LEVEL?.trim();
  return LOG_LEVELS.find((known) => known === level) ?? "warn";
}

function describeReport(filename: string, report: ImportReport): string {
  const counts = (values: ImportReport["created"]) =>
    `${values.contacts} contacts, ${values.companies} companies, ${values.memberships} memberships, ${values.interactions} interactions`;
  const lines = [
    `Imported ${filename} (${report.format}):`,
    `  created:   ${counts(report.created)}`,
    `  updated:   ${counts(report.updated)}`,
    `  unchanged: ${report.unchanged} records`,
  ];
  if (report.format === "icalendar") {
    const { cancelled, outOfRange, future } = report.skipped;
    lines.push(`  skipped:   ${cancelled} cancelled, ${outOfRange} out of range, ${future} in the future`);
  }
  lines.push(`  issues:    ${report.issues.length}`);
  for (const issue of report.issues) lines.push(`    ${issue.reason}`);
  return `${lines.join("\n")}\n`;
}

const isEntryPoint = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) process.exitCode = await runCli(process.argv.slice(2));
