import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createNotifier, type ServiceContext } from "@crm/api";
import { pino } from "pino";
import { uuidv7 } from "uuidv7";

import { openBenchDatabase, type BenchDatabase } from "./bench-database";
import { benchClient } from "./client-bench";
import type { BenchContext } from "./context";
import { benchCompanyFeed, benchInvolvingFeed } from "./feed-bench";
import { currentLoad, renderReport } from "./report";
import type { SectionResult } from "./results";
import { benchScale } from "./scales";
import { countingServices } from "./statement-counter";
import { readDataset, resetBenchmarkWrites, seedDataset, type Dataset } from "./seed";
import { benchPull, benchPush } from "./sync-bench";

/**
 * `pnpm bench [--quick] [--fresh] [--only SECTIONS] [--out FILE]`: generates
 * (or reuses) the benchmark data, measures the product against the naive
 * designs and writes the report. PostgreSQL when DATABASE_URL is set, else
 * PGlite. The full run writes BENCHMARKS.md at the repository root. A quick
 * run, or one limited by --only to some of `feed,company,push,pull,client`,
 * writes under `.data/` unless --out names a file.
 */
const SECTIONS = ["feed", "company", "push", "pull", "client"] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const fresh = args.includes("--fresh");
const outIndex = args.indexOf("--out");
const only = selectedSections(args);
const databaseUrl = process.env.DATABASE_URL || undefined;
const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: undefined });

const started = performance.now();
const loadBefore = currentLoad();
const scale = benchScale(databaseUrl === undefined ? "pglite" : "postgres", quick);
logger.info({ scale: scale.name, database: databaseUrl === undefined ? "pglite" : "postgres" }, "benchmark starting");

const { database, dataset, generationSeconds } = await prepareData();
await resetBenchmarkWrites(database);

const notifier = await createNotifier(database.handle);
const services: ServiceContext = {
  db: database.handle.db,
  notifier,
  // The product's own logs would only measure the log sink; errors still surface as thrown errors.
  logger: pino({ level: "silent" }),
  now: () => new Date(),
  newId: uuidv7,
};
const counter = database.url === undefined ? undefined : await countingServices(services, database.url);
const context: BenchContext = { database, dataset, scale, services, counter, logger, quick };

const sections: SectionResult[] = [];
try {
  if (only.has("feed")) sections.push(await benchInvolvingFeed(context));
  if (only.has("company")) sections.push(await benchCompanyFeed(context));
  if (only.has("push")) sections.push(await benchPush(context));
  if (only.has("pull")) sections.push(await benchPull(context));
  if (only.has("client")) {
    const client = await benchClient(context);
    sections.push(client.replica, client.firstSync);
  }
} finally {
  await counter?.close();
  await notifier.close();
  await database.close();
}

const report = renderReport(
  {
    date: new Date(),
    command: `${databaseUrl === undefined ? "" : `DATABASE_URL=${redacted(databaseUrl)} `}pnpm bench${args.length > 0 ? ` ${args.join(" ")}` : ""}`,
    database: database.handle.driver === "postgres" ? database.serverVersion.split(" on ")[0] ?? database.serverVersion : "PGlite (embedded, in this process)",
    location: database.location,
    dataset,
    generationSeconds,
    totalSeconds: (performance.now() - started) / 1000,
    loadBefore,
    loadAfter: currentLoad(),
  },
  sections,
  quick ? ["This is the quick scale: a check that every benchmark runs, not figures to hold against the targets."] : [],
);
const outFile = outIndex >= 0 ? args[outIndex + 1] : undefined;
const partial = only.size < SECTIONS.length;
const target =
  outFile ??
  (quick
    ? ".data/BENCHMARKS-quick.md"
    : partial
      ? ".data/BENCHMARKS-partial.md"
      : fileURLToPath(new URL("../../../BENCHMARKS.md", import.meta.url)));
await writeFile(target, report);
logger.info({ file: target, seconds: Math.round((performance.now() - started) / 1000) }, "report written");

/** Opens the bench database and reuses its dataset, or rebuilds it from scratch when missing or stale. */
async function prepareData(): Promise<{
  database: BenchDatabase;
  dataset: Dataset;
  generationSeconds: number | undefined;
}> {
  let database = await openBenchDatabase(scale.name, databaseUrl, { fresh });
  const stored = fresh ? undefined : await readDataset(database, scale.shapes);
  if (stored !== undefined) {
    logger.info({ location: database.location }, "reusing the generated data");
    return { database, dataset: stored, generationSeconds: undefined };
  }

  if (!fresh) {
    await database.close();
    database = await openBenchDatabase(scale.name, databaseUrl, { fresh: true });
  }
  logger.info({ location: database.location }, "generating the data");
  const generating = performance.now();
  const dataset = await seedDataset(database, scale.shapes, logger);
  return { database, dataset, generationSeconds: (performance.now() - generating) / 1000 };
}

/** Returns the sections `--only` names, or all of them. An unknown name stops the run before any work. */
function selectedSections(argv: readonly string[]): ReadonlySet<Section> {
  const at = argv.indexOf("--only");
  if (at < 0) return new Set(SECTIONS);
  const names = (argv[at + 1] ?? "").split(",").filter((name) => name !== "");
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only: expected a comma-separated list of ${SECTIONS.join(", ")}; got ${JSON.stringify(argv[at + 1] ?? "")}`,
    );
  }
  return new Set(names as Section[]);
}

/** Keeps a password out of the report. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}
