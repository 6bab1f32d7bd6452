import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import {
  createNotifier,
  failAbandonedImportJobs,
  removeStaleStagedFiles,
  waitForImportJobs,
  type ServiceContext,
} from "@crm/api";
import { createDatabase, DataFolderInUseError, migrate, type DatabaseHandle } from "@crm/db";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { uuidv7 } from "uuidv7";

import { buildApp } from "./app";
import { ConfigError, loadConfig, type ServerConfig } from "./config";
import { createLogger } from "./logger";
import { seedDemoWorkspace } from "./seed";

/** How often staged files older than a day are removed, so none stays longer than 25 hours. */
const STALE_FILE_SWEEP_MS = 60 * 60 * 1000;

/** How long a graceful shutdown may take before the process gives up and exits. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Time a shutdown keeps, out of SHUTDOWN_TIMEOUT_MS, for closing the database after waiting for import jobs. */
const DATABASE_CLOSE_MS = 3_000;

/**
 * How long a queued or running import job of another process may go without
 * an update before it counts as abandoned. A running job updates its row at
 * least every 100 records, which takes seconds, not minutes.
 */
const ABANDONED_IMPORT_JOB_MS = 15 * 60 * 1000;

/** A started server: where it listens, and how to stop it as a signal would. */
export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  stop(): Promise<void>;
}

/**
 * Starts the server: configuration, database and migrations, the demo
 * workspace on an empty database, then the HTTP listener. Prints where to
 * open it and how to sign in.
 */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);

  const handle = await openDatabase(config);
  await migrate(handle);
  const services: ServiceContext = {
    db: handle.db,
    // LISTEN/NOTIFY on PostgreSQL, so every server process sharing the database hears every change.
    notifier: await createNotifier(handle, logger),
    logger,
    now: () => new Date(),
    newId: uuidv7,
  };

  const seeded = await seedDemoWorkspace(services, { adminEmail: config.adminEmail, adminPassword: config.adminPassword });
  // PGlite's data folder opens in one process only, so every unfinished job there is this folder's previous run's.
  const startedAt = services.now();
  const abandonedBefore =
    config.database.driver === "postgres" ? new Date(startedAt.getTime() - ABANDONED_IMPORT_JOB_MS) : startedAt;
  await failImportJobsLeftBehind(services, logger, abandonedBefore);

  const app = await buildApp({ config, handle, services });
  await app.listen({ port: config.port, host: config.host });
  const url = listeningUrl(app, config);
  printBanner(url, config, seeded !== null);

  const sweep = setInterval(() => {
    void sweepStagedFiles(services, logger);
    void failImportJobsLeftBehind(services, logger, new Date(services.now().getTime() - ABANDONED_IMPORT_JOB_MS));
  }, STALE_FILE_SWEEP_MS);
  sweep.unref();

  let stopping: Promise<void> | undefined;
  return {
    url,
    app,
    stop: () => {
      stopping ??= (async () => {
        const importDeadline = Date.now() + SHUTDOWN_TIMEOUT_MS - DATABASE_CLOSE_MS;
        clearInterval(sweep);
        await app.close();
        await waitForImportJobsUntil(importDeadline, logger);
        await handle.close();
      })();
      return stopping;
    },
  };
}

/**
 * Runs the server until SIGTERM or SIGINT. The first signal stops accepting
 * connections, ends event streams, lets requests in flight and import jobs
 * finish, closes the database and exits 0. A second signal exits at once with code 1.
 */
export async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await start();
  } catch (error) {
    process.stderr.write(`${startFailure(error)}\n`);
    process.exit(1);
  }

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      process.stderr.write(`Received ${signal} again, so exiting without finishing requests.\n`);
      process.exit(1);
    }
    signalled = true;
    server.app.log.info({ signal }, "shutting down");

    const giveUp = setTimeout(() => {
      process.stderr.write(`Shutdown timed out after ${SHUTDOWN_TIMEOUT_MS / 1000} s, so exiting with code 1.\n`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    giveUp.unref();

    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** Formats a failed start as one message. An unexpected error keeps its stack trace. */
function startFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataFolderInUseError) return error.message;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === "EADDRINUSE") return "PORT is already in use: stop the other server or set PORT to a free port.";
  if (code === "EADDRNOTAVAIL") return "HOST is not an address of this machine: set HOST to 127.0.0.1 or another local address.";
  return `The server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

function openDatabase(config: ServerConfig): Promise<DatabaseHandle> {
  return config.database.driver === "postgres"
    ? createDatabase({ url: config.database.url })
    : createDatabase({ dataDir: config.database.dataDir });
}

async function sweepStagedFiles(services: ServiceContext, logger: Logger): Promise<void> {
  try {
    const removed = await removeStaleStagedFiles(services, services.now());
    if (removed > 0) logger.info({ removed }, "removed staged files that were never attached");
  } catch (error) {
    logger.error({ err: error }, "removing stale staged files failed");
  }
}

/** Marks failed the import jobs that a stopped process left queued or running, so that their status shows the failure. */
async function failImportJobsLeftBehind(services: ServiceContext, logger: Logger, updatedBefore: Date): Promise<void> {
  try {
    const failed = await failAbandonedImportJobs(services, updatedBefore);
    if (failed > 0) logger.warn({ failed }, "marked import jobs that a stopped server left unfinished as failed");
  } catch (error) {
    logger.error({ err: error }, "could not mark abandoned import jobs as failed");
  }
}

/**
 * Waits for this process's import jobs until `deadline`. A job still running
 * then stops when the database closes, and the next start marks it failed.
 */
async function waitForImportJobsUntil(deadline: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => { resolve(true); }, Math.max(0, deadline - Date.now()));
  });
  const finished = waitForImportJobs().then(() => false);
  try {
    if (await Promise.race([finished, timedOut])) {
      logger.warn("import jobs were still running at shutdown; the next start marks them failed");
    }
  } finally {
    clearTimeout(timer);
  }
}

function listeningUrl(app: FastifyInstance, config: ServerConfig): string {
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Prints where the server listens and, when this start created the demo
 * workspace, how to sign in. An existing database keeps its accounts whatever
 * CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD contain now, so no credentials are printed then.
 */
function printBanner(url: string, config: ServerConfig, seededNow: boolean): void {
  const password = config.adminPasswordIsDefault ? config.adminPassword : "(from CRM_ADMIN_PASSWORD)";
  const database = config.database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.database.dataDir}`;
  const signIn = seededNow
    ? [`  admin email: ${config.adminEmail}`, `  admin password: ${password}`]
    : ["  sign in with an existing account of this database"];
  process.stdout.write([`CRM server listening on ${url}`, `  database: ${database}`, ...signIn, ""].join("\n"));
}

const isEntryPoint = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) await main();
