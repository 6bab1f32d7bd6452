import type { Logger } from "pino";

import { insertColumns, type BenchDatabase, type RawConnection } from "./bench-database";
import { GENERATED_UNTIL, generateWorkspace, type GeneratedWorkspace, type WorkspaceShape } from "./dataset";

/** Raise it whenever the generator or the shapes change: a stored dataset of another version is rebuilt. */
export const GENERATOR_VERSION = 3;

export const DATASET_SEED = 20_250_101;

/** The facts a benchmark needs about one generated workspace. */
export interface SeededWorkspace {
  readonly name: string;
  readonly workspaceId: string;
  readonly userId: string;
  readonly shape: WorkspaceShape;
  /** Rows a client replica of the workspace holds: contacts, companies, memberships, staff, interactions. */
  readonly rowsInView: number;
  readonly parties: number;
  /** The contact involved in the number of interactions closest to 1,000, and that number. */
  readonly busyContact: { readonly id: string; readonly entries: number };
  /** The contact involved in the number of interactions closest to 10. */
  readonly quietContact: { readonly id: string; readonly entries: number };
  /** The most involved contact. */
  readonly topContact: { readonly id: string; readonly entries: number };
  readonly bigCompany: { readonly id: string; readonly members: number };
  /** Contacts that are not measured, for writes that must leave the measured feeds alone. */
  readonly spareContactIds: readonly string[];
}

export interface Dataset {
  readonly generatorVersion: number;
  readonly seed: number;
  readonly workspaces: Readonly<Record<string, SeededWorkspace>>;
}

/** Reads the dataset a previous run stored, or undefined when there is none of this version and these shapes. */
export async function readDataset(
  database: BenchDatabase,
  shapes: readonly WorkspaceShape[],
): Promise<Dataset | undefined> {
  const connection = await database.connect();
  try {
    await connection.query("create table if not exists bench_meta (key text primary key, value jsonb not null)");
    const [row] = await connection.query<{ value: Dataset | string }>(
      "select value from bench_meta where key = 'dataset'",
    );
    if (row === undefined) return undefined;
    const dataset = (typeof row.value === "string" ? JSON.parse(row.value) : row.value) as Dataset;
    const sameShapes = shapes.every((shape) => sameShape(dataset.workspaces[shape.name]?.shape, shape));
    return dataset.generatorVersion === GENERATOR_VERSION && dataset.seed === DATASET_SEED && sameShapes
      ? dataset
      : undefined;
  } finally {
    connection.release();
  }
}

/**
 * Generates every workspace into an empty, migrated database and records the
 * dataset, so the next run finds it. Triggers are off while loading (the
 * feed keys they copy are written directly), and the tables are analyzed after.
 */
export async function seedDataset(
  database: BenchDatabase,
  shapes: readonly WorkspaceShape[],
  logger: Logger,
): Promise<Dataset> {
  const connection = await database.connect();
  const workspaces: Record<string, SeededWorkspace> = {};
  try {
    await connection.query("set session_replication_role = replica");
    const secondaryIndexes = await dropSecondaryIndexes(connection, BULK_TABLES);
    for (const [index, shape] of shapes.entries()) {
      const started = performance.now();
      const generated = generateWorkspace(shape, DATASET_SEED + index);
      workspaces[shape.name] = await loadWorkspace(connection, generated, logger);
      logger.info({ workspace: shape.name, seconds: Math.round((performance.now() - started) / 100) / 10 }, "workspace generated");
    }
    const indexing = performance.now();
    for (const definition of secondaryIndexes) await connection.query(definition);
    logger.info({ seconds: Math.round((performance.now() - indexing) / 100) / 10 }, "indexes rebuilt");
    await connection.query("set session_replication_role = origin");

    const dataset: Dataset = { generatorVersion: GENERATOR_VERSION, seed: DATASET_SEED, workspaces };
    await connection.query("create table if not exists bench_meta (key text primary key, value jsonb not null)");
    await connection.query(
      "insert into bench_meta (key, value) values ('dataset', $1::text::jsonb) on conflict (key) do update set value = excluded.value",
      [JSON.stringify(dataset)],
    );
    await connection.query(database.handle.driver === "postgres" ? "vacuum analyze" : "analyze");
    return dataset;
  } finally {
    connection.release();
  }
}

/**
 * Removes what earlier runs wrote, so every run measures the generated data:
 * interactions created after the generated span (with their parties, by
 * cascade), activity entries, sync state and sessions.
 */
export async function resetBenchmarkWrites(database: BenchDatabase): Promise<void> {
  const connection = await database.connect();
  try {
    await connection.query("delete from interactions where created_at >= $1::timestamptz", [
      new Date(GENERATED_UNTIL).toISOString(),
    ]);
    for (const table of ["activity_entries", "replicache_client_groups", "sessions"]) {
      await connection.query(`delete from "${table}"`);
    }
  } finally {
    connection.release();
  }
}

/** The tables a bulk load fills fastest without their secondary indexes. */
const BULK_TABLES = ["interactions", "interaction_parties", "contacts", "memberships"] as const;

/**
 * Drops the indexes of `tables` that no constraint owns and returns their
 * definitions, exactly as the migrations created them, to run again after
 * the load: building an index once is far cheaper than updating it per row.
 */
async function dropSecondaryIndexes(connection: RawConnection, tables: readonly string[]): Promise<string[]> {
  const rows = await connection.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition
     from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  );
  for (const row of rows) await connection.query(`drop index "${row.name}"`);
  return rows.map((row) => row.definition);
}

/** jsonb reorders object keys, so shapes are compared field by field. */
function sameShape(stored: WorkspaceShape | undefined, expected: WorkspaceShape): boolean {
  if (stored === undefined) return false;
  return (Object.keys(expected) as (keyof WorkspaceShape)[]).every((key) => stored[key] === expected[key]);
}

const INTERACTION_BATCH = 20_000;

async function loadWorkspace(
  connection: RawConnection,
  generated: GeneratedWorkspace,
  logger: Logger,
): Promise<SeededWorkspace> {
  const { workspace, user, shape } = generated;
  const workspaceId = workspace.id;
  const createdAt = "2019-07-01T00:00:00.000Z";
  const repeated = (rows: readonly unknown[], value: string) => rows.map(() => value);

  await insertColumns(connection, "workspaces", [
    { name: "id", type: "uuid", values: [workspaceId] },
    { name: "name", type: "text", values: [workspace.name] },
  ]);
  await insertColumns(connection, "users", [
    { name: "id", type: "uuid", values: [user.id] },
    { name: "workspace_id", type: "uuid", values: [workspaceId] },
    { name: "email", type: "text", values: [user.email] },
    { name: "name", type: "text", values: [user.name] },
    // The benchmarks act as this user in process and never sign in over HTTP.
    { name: "password_hash", type: "text", values: ["not-a-password-hash"] },
    { name: "role", type: "text", values: ["admin"] },
  ]);
  const { staff, companies, contacts, memberships } = generated;
  await insertColumns(connection, "staff_persons", [
    { name: "id", type: "uuid", values: staff.map((person) => person.id) },
    { name: "workspace_id", type: "uuid", values: repeated(staff, workspaceId) },
    { name: "name", type: "text", values: staff.map((person) => person.name) },
    { name: "job_title", type: "text", values: staff.map((person) => person.jobTitle) },
    { name: "employment_type", type: "text", values: staff.map((person) => person.employmentType) },
    { name: "created_at", type: "timestamptz", values: repeated(staff, createdAt) },
    { name: "updated_at", type: "timestamptz", values: repeated(staff, createdAt) },
  ]);
  await insertColumns(connection, "companies", [
    { name: "id", type: "uuid", values: companies.map((company) => company.id) },
    { name: "workspace_id", type: "uuid", values: repeated(companies, workspaceId) },
    { name: "name", type: "text", values: companies.map((company) => company.name) },
    { name: "industry", type: "text", values: companies.map((company) => company.industry) },
    { name: "created_at", type: "timestamptz", values: repeated(companies, createdAt) },
    { name: "updated_at", type: "timestamptz", values: repeated(companies, createdAt) },
  ]);
  for (let start = 0; start < contacts.length; start += INTERACTION_BATCH) {
    const slice = contacts.slice(start, start + INTERACTION_BATCH);
    await insertColumns(connection, "contacts", [
      { name: "id", type: "uuid", values: slice.map((contact) => contact.id) },
      { name: "workspace_id", type: "uuid", values: repeated(slice, workspaceId) },
      { name: "name", type: "text", values: slice.map((contact) => contact.name) },
      { name: "email", type: "text", values: slice.map((contact) => contact.email) },
      { name: "created_at", type: "timestamptz", values: repeated(slice, createdAt) },
      { name: "updated_at", type: "timestamptz", values: repeated(slice, createdAt) },
    ]);
  }
  for (let start = 0; start < memberships.length; start += INTERACTION_BATCH) {
    const slice = memberships.slice(start, start + INTERACTION_BATCH);
    await insertColumns(connection, "memberships", [
      { name: "id", type: "uuid", values: slice.map((membership) => membership.id) },
      { name: "workspace_id", type: "uuid", values: repeated(slice, workspaceId) },
      { name: "contact_id", type: "uuid", values: slice.map((membership) => membership.contactId) },
      { name: "company_id", type: "uuid", values: slice.map((membership) => membership.companyId) },
      { name: "role_in_company", type: "text", values: slice.map((membership) => membership.roleInCompany) },
      { name: "department", type: "text", values: slice.map((membership) => membership.department) },
      { name: "is_primary", type: "boolean", values: slice.map((membership) => membership.isPrimary) },
      { name: "position", type: "integer", values: slice.map((membership) => membership.position) },
      { name: "created_at", type: "timestamptz", values: repeated(slice, createdAt) },
      { name: "updated_at", type: "timestamptz", values: repeated(slice, createdAt) },
    ]);
  }

  const entries = new Map<string, number>();
  const involve = (contactId: string) => entries.set(contactId, (entries.get(contactId) ?? 0) + 1);
  let parties = 0;
  let loaded = 0;
  for (const batch of generated.interactionBatches(INTERACTION_BATCH)) {
    const iso = (ms: number) => new Date(ms).toISOString();
    await insertColumns(connection, "interactions", [
      { name: "id", type: "uuid", values: batch.map((item) => item.id) },
      { name: "workspace_id", type: "uuid", values: repeated(batch, workspaceId) },
      { name: "contact_id", type: "uuid", values: batch.map((item) => item.contactId) },
      { name: "type", type: "text", values: batch.map((item) => item.type) },
      { name: "occurred_at", type: "timestamptz", values: batch.map((item) => iso(item.occurredAt)) },
      { name: "subject", type: "text", values: batch.map((item) => item.subject) },
      { name: "body", type: "text", values: batch.map((item) => item.body) },
      { name: "owner_user_id", type: "uuid", values: repeated(batch, user.id) },
      { name: "subject_snapshot", type: "jsonb", values: batch.map((item) => JSON.stringify(item.subjectSnapshot)) },
      { name: "created_at", type: "timestamptz", values: batch.map((item) => iso(item.createdAt)) },
      { name: "updated_at", type: "timestamptz", values: batch.map((item) => iso(item.createdAt)) },
    ]);

    // The feed keys a trigger would copy from the interaction are written here, as triggers are off.
    const rows = batch.flatMap((item) => item.parties.map((party) => ({ item, party })));
    await insertColumns(connection, "interaction_parties", [
      { name: "id", type: "uuid", values: rows.map(({ party }) => party.id) },
      { name: "workspace_id", type: "uuid", values: repeated(rows, workspaceId) },
      { name: "interaction_id", type: "uuid", values: rows.map(({ item }) => item.id) },
      { name: "raw_name", type: "text", values: rows.map(({ party }) => party.rawName) },
      { name: "contact_id", type: "uuid", values: rows.map(({ party }) => party.contactId) },
      { name: "staff_person_id", type: "uuid", values: rows.map(({ party }) => party.staffPersonId) },
      { name: "snapshot", type: "jsonb", values: rows.map(({ party }) => JSON.stringify(party.snapshot)) },
      { name: "position", type: "integer", values: rows.map(({ party }) => party.position) },
      { name: "identity", type: "text", values: rows.map(({ party }) => party.identity) },
      { name: "occurred_at", type: "timestamptz", values: rows.map(({ item }) => iso(item.occurredAt)) },
      { name: "created_at", type: "timestamptz", values: rows.map(({ item }) => iso(item.createdAt)) },
    ]);

    for (const item of batch) {
      involve(item.contactId);
      for (const party of item.parties) if (party.contactId !== null) involve(party.contactId);
    }
    parties += rows.length;
    loaded += batch.length;
    if (loaded % 200_000 === 0) logger.info({ workspace: shape.name, interactions: loaded }, "generating");
  }

  const bigCompany = companies[0];
  if (bigCompany === undefined) throw new Error(`workspace ${shape.name} has no company; give its shape at least one.`);
  const measured = chooseContacts(contacts.map((contact) => ({ id: contact.id, entries: entries.get(contact.id) ?? 0 })));
  const measuredIds = new Set([measured.busy.id, measured.quiet.id, measured.top.id]);
  return {
    name: shape.name,
    workspaceId,
    userId: user.id,
    shape,
    rowsInView: contacts.length + companies.length + memberships.length + staff.length + shape.interactions,
    parties,
    busyContact: measured.busy,
    quietContact: measured.quiet,
    topContact: measured.top,
    bigCompany: {
      id: bigCompany.id,
      members: memberships.filter((membership) => membership.companyId === bigCompany.id).length,
    },
    spareContactIds: contacts
      .slice(Math.floor(contacts.length / 2))
      .filter((contact) => !measuredIds.has(contact.id))
      .slice(0, 200)
      .map((contact) => contact.id),
  };
}

interface ContactEntries {
  readonly id: string;
  readonly entries: number;
}

/** Picks the contacts closest to 1,000 and to 10 entries, and the busiest one. */
export function chooseContacts(contacts: readonly ContactEntries[]): {
  readonly busy: ContactEntries;
  readonly quiet: ContactEntries;
  readonly top: ContactEntries;
} {
  const closest = (target: number) =>
    contacts.reduce<ContactEntries | undefined>(
      (best, contact) =>
        best === undefined || Math.abs(contact.entries - target) < Math.abs(best.entries - target) ? contact : best,
      undefined,
    );
  const top = contacts.reduce<ContactEntries | undefined>(
    (best, contact) => (best === undefined || contact.entries > best.entries ? contact : best),
    undefined,
  );
  const busy = closest(1000);
  const quiet = closest(10);
  if (busy === undefined || quiet === undefined || top === undefined) {
    throw new Error("chooseContacts: no contacts; generate a workspace with contacts first.");
  }
  return { busy, quiet, top };
}
