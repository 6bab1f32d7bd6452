import {
  buildContactSnapshot,
  buildFreeTextSnapshot,
  buildStaffSnapshot,
  INTERACTION_TYPES,
  type ContactSnapshot,
  type EmploymentType,
  type InteractionType,
  type LookupContact,
  type Snapshot,
} from "@crm/domain";

import { createRandom, pick, randomIndex, uuidv7At, zipfSampler, type Random } from "./random";

/** The size of one generated workspace. */
export interface WorkspaceShape {
  /** Names the workspace in the report and in the bench database. */
  readonly name: string;
  readonly interactions: number;
  readonly contacts: number;
  readonly companies: number;
  readonly staff: number;
  /** Current members of the first company, the one the company feed is measured on. */
  readonly bigCompanyMembers: number;
}

/**
 * Contact popularity follows 1 / rank^ZIPF_EXPONENT. With 0.5, at 1,000,000
 * interactions over 100,000 contacts, the first contacts are involved in
 * thousands of interactions and about the twentieth in a thousand. The tail
 * is involved in ten to twenty, so a few accounts dominate, as in a real CRM.
 */
export const ZIPF_EXPONENT = 0.5;

/** Probability of 0, 1, 2, ... parties on an interaction; the mean is 2.5. */
const PARTY_COUNT_WEIGHTS = [0.06, 0.16, 0.3, 0.26, 0.14, 0.08] as const;

/** Share of parties resolved to a contact, and to a staff person; the rest are free text. */
const CONTACT_PARTY_SHARE = 0.8;
const STAFF_PARTY_SHARE = 0.1;

/** Share of contacts with a primary membership, and of those with a second one. */
const MEMBER_SHARE = 0.75;
const SECOND_MEMBERSHIP_SHARE = 0.1;

/** Generated interactions were created in this span, so anything created later is the benchmark's own. */
export const GENERATED_FROM = Date.UTC(2020, 0, 1);
export const GENERATED_UNTIL = Date.UTC(2025, 0, 1);
const RECORDS_CREATED_AT = Date.UTC(2019, 6, 1);

export interface GeneratedWorkspace {
  readonly shape: WorkspaceShape;
  readonly workspace: { readonly id: string; readonly name: string };
  readonly user: GeneratedUser;
  readonly staff: readonly GeneratedStaffPerson[];
  readonly companies: readonly GeneratedCompany[];
  /** In popularity order: contact 0 is involved in the most interactions. */
  readonly contacts: readonly GeneratedContact[];
  readonly memberships: readonly GeneratedMembership[];
  /** Yields the interactions in creation order, `batchSize` at a time; each call starts over. */
  interactionBatches(batchSize: number): Generator<readonly GeneratedInteraction[]>;
}

export interface GeneratedUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export interface GeneratedStaffPerson {
  readonly id: string;
  readonly name: string;
  readonly jobTitle: string;
  readonly employmentType: EmploymentType;
}

export interface GeneratedCompany {
  readonly id: string;
  readonly name: string;
  readonly industry: string;
}

export interface GeneratedContact {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface GeneratedMembership {
  readonly id: string;
  readonly contactId: string;
  readonly companyId: string;
  readonly roleInCompany: string;
  readonly department: string;
  readonly isPrimary: boolean;
  readonly position: number;
}

export interface GeneratedParty {
  readonly id: string;
  readonly rawName: string;
  readonly contactId: string | null;
  readonly staffPersonId: string | null;
  readonly snapshot: Snapshot;
  readonly position: number;
  readonly identity: string;
}

export interface GeneratedInteraction {
  readonly id: string;
  readonly contactId: string;
  readonly type: InteractionType;
  readonly occurredAt: number;
  readonly createdAt: number;
  readonly subject: string | null;
  readonly body: string | null;
  readonly subjectSnapshot: ContactSnapshot;
  readonly parties: readonly GeneratedParty[];
}

/**
 * Builds a workspace of the given shape from a seed: the same seed and shape
 * give the same rows, ids included. Records are held in memory; interactions
 * are generated batch by batch, so a million of them never are.
 */
export function generateWorkspace(shape: WorkspaceShape, seed: number): GeneratedWorkspace {
  const random = createRandom(seed);
  const at = RECORDS_CREATED_AT;

  const workspace = { id: uuidv7At(random, at), name: `Benchmark ${shape.name}` };
  const userId = uuidv7At(random, at);
  const user = { id: userId, email: `owner-${userId}@example.com`, name: "Bench Owner" };

  const staff = Array.from({ length: shape.staff }, (_, index) => ({
    id: uuidv7At(random, at),
    name: personName(random, index),
    jobTitle: pick(random, JOB_TITLES),
    employmentType: pick(random, EMPLOYMENT_TYPES),
  }));
  const companies = Array.from({ length: shape.companies }, (_, index) => ({
    id: uuidv7At(random, at),
    name: `${pick(random, COMPANY_WORDS)} ${pick(random, COMPANY_SUFFIXES)} ${index + 1}`,
    industry: pick(random, INDUSTRIES),
  }));
  const contacts = Array.from({ length: shape.contacts }, (_, index) => {
    const id = uuidv7At(random, at);
    return { id, name: personName(random, index), email: `contact-${index + 1}@example.com` };
  });
  const memberships = generateMemberships(random, shape, contacts, companies);

  const lookups = contactLookups(contacts, companies, memberships);
  return {
    shape,
    workspace,
    user,
    staff,
    companies,
    contacts,
    memberships,
    interactionBatches: (batchSize) => interactionBatches(shape, seed, { contacts, lookups, staff }, batchSize),
  };
}

/**
 * Draws the memberships. The big company takes `bigCompanyMembers` contacts
 * at random, so its members mix popular and quiet contacts. Other contacts
 * join a random other company as primary, and a few join a second one.
 */
function generateMemberships(
  random: Random,
  shape: WorkspaceShape,
  contacts: readonly GeneratedContact[],
  companies: readonly GeneratedCompany[],
): GeneratedMembership[] {
  const memberships: GeneratedMembership[] = [];
  const add = (contact: GeneratedContact, company: GeneratedCompany, isPrimary: boolean, position: number) => {
    memberships.push({
      id: uuidv7At(random, RECORDS_CREATED_AT),
      contactId: contact.id,
      companyId: company.id,
      roleInCompany: pick(random, ROLES),
      department: pick(random, DEPARTMENTS),
      isPrimary,
      position,
    });
  };

  const [bigCompany, ...otherCompanies] = companies;
  const bigMembers = new Set<number>();
  if (bigCompany !== undefined) {
    const memberCount = Math.min(shape.bigCompanyMembers, contacts.length);
    while (bigMembers.size < memberCount) bigMembers.add(randomIndex(random, contacts.length));
  }

  for (const [index, contact] of contacts.entries()) {
    if (bigCompany !== undefined && bigMembers.has(index)) {
      add(contact, bigCompany, true, 0);
      continue;
    }
    if (otherCompanies.length === 0 || random() >= MEMBER_SHARE) continue;
    const primary = pick(random, otherCompanies);
    add(contact, primary, true, 0);
    if (otherCompanies.length > 1 && random() < SECOND_MEMBERSHIP_SHARE) {
      let second = pick(random, otherCompanies);
      while (second === primary) second = pick(random, otherCompanies);
      add(contact, second, false, 1);
    }
  }
  return memberships;
}

interface InteractionSources {
  readonly contacts: readonly GeneratedContact[];
  /** Each contact's snapshot as the product would capture it, without capturedAt. */
  readonly lookups: readonly ContactSnapshot[];
  readonly staff: readonly GeneratedStaffPerson[];
}

/**
 * Interactions spread evenly over GENERATED_FROM..GENERATED_UNTIL in creation
 * order, each logged up to a week after it occurred. Subjects and party
 * contacts are drawn by popularity; a party never repeats the subject or
 * another party, as the product's party rules guarantee.
 */
function* interactionBatches(
  shape: WorkspaceShape,
  seed: number,
  sources: InteractionSources,
  batchSize: number,
): Generator<readonly GeneratedInteraction[]> {
  // A stream of its own, so the interactions do not depend on how the records were drawn.
  const random = createRandom(seed ^ 0x5bd1e995);
  const drawContact = zipfSampler(sources.contacts.length, ZIPF_EXPONENT);
  const span = (GENERATED_UNTIL - GENERATED_FROM) / Math.max(1, shape.interactions);

  let batch: GeneratedInteraction[] = [];
  for (let index = 0; index < shape.interactions; index += 1) {
    const createdAt = Math.floor(GENERATED_FROM + (index + random()) * span);
    const occurredAt = createdAt - Math.floor(random() * 7 * 24 * 3_600_000);
    const capturedAt = new Date(createdAt);
    const subjectIndex = drawContact(random);
    const subject = sources.contacts[subjectIndex];
    const subjectSnapshot = sources.lookups[subjectIndex];
    if (subject === undefined || subjectSnapshot === undefined) throw new Error(`contact ${subjectIndex} is missing`);
    const id = uuidv7At(random, createdAt);

    const parties = generateParties(random, sources, drawContact, subjectIndex, capturedAt, createdAt);
    batch.push({
      id,
      contactId: subject.id,
      type: pick(random, INTERACTION_TYPES),
      occurredAt,
      createdAt,
      subject: random() < 0.85 ? sentence(random, 2 + randomIndex(random, 6)) : null,
      body: random() < 0.8 ? sentence(random, 5 + randomIndex(random, 60)) : null,
      subjectSnapshot: { ...subjectSnapshot, capturedAt: capturedSecond(capturedAt) },
      parties,
    });

    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function generateParties(
  random: Random,
  sources: InteractionSources,
  drawContact: (random: Random) => number,
  subjectIndex: number,
  capturedAt: Date,
  createdAt: number,
): GeneratedParty[] {
  const count = drawPartyCount(random);
  const parties: GeneratedParty[] = [];
  const identities = new Set<string>([`contact:${sources.contacts[subjectIndex]?.id ?? ""}`]);

  for (let attempt = 0; parties.length < count && attempt < count * 4; attempt += 1) {
    const kind = random();
    let party: Omit<GeneratedParty, "id" | "position">;
    if (kind < CONTACT_PARTY_SHARE || sources.staff.length === 0) {
      const contactIndex = drawContact(random);
      const contact = sources.contacts[contactIndex];
      const snapshot = sources.lookups[contactIndex];
      if (contact === undefined || snapshot === undefined) continue;
      party = {
        rawName: contact.name,
        contactId: contact.id,
        staffPersonId: null,
        snapshot: { ...snapshot, capturedAt: capturedSecond(capturedAt) },
        identity: `contact:${contact.id}`,
      };
    } else if (kind < CONTACT_PARTY_SHARE + STAFF_PARTY_SHARE) {
      const person = pick(random, sources.staff);
      party = {
        rawName: person.name,
        contactId: null,
        staffPersonId: person.id,
        snapshot: buildStaffSnapshot({ ...person, status: "active" }, capturedAt),
        identity: `staff:${person.id}`,
      };
    } else {
      const rawName = personName(random, randomIndex(random, 10_000));
      party = {
        rawName,
        contactId: null,
        staffPersonId: null,
        snapshot: buildFreeTextSnapshot(capturedAt),
        identity: `name:${rawName.toLowerCase()}`,
      };
    }
    if (identities.has(party.identity)) continue;
    identities.add(party.identity);
    parties.push({ ...party, id: uuidv7At(random, createdAt), position: parties.length });
  }
  return parties;
}

function drawPartyCount(random: Random): number {
  let remaining = random();
  for (const [count, weight] of PARTY_COUNT_WEIGHTS.entries()) {
    remaining -= weight;
    if (remaining < 0) return count;
  }
  return PARTY_COUNT_WEIGHTS.length - 1;
}

/** Builds each contact's snapshot with the product's own builder, so the primary membership rule is the product's. */
function contactLookups(
  contacts: readonly GeneratedContact[],
  companies: readonly GeneratedCompany[],
  memberships: readonly GeneratedMembership[],
): ContactSnapshot[] {
  const companyNames = new Map(companies.map((company) => [company.id, company.name]));
  const byContact = new Map<string, LookupContact["memberships"][number][]>();
  for (const membership of memberships) {
    const list = byContact.get(membership.contactId) ?? [];
    list.push({
      ...membership,
      companyName: companyNames.get(membership.companyId) ?? null,
      createdAt: new Date(RECORDS_CREATED_AT),
    });
    byContact.set(membership.contactId, list);
  }
  const placeholder = new Date(RECORDS_CREATED_AT);
  return contacts.map((contact) =>
    buildContactSnapshot({ ...contact, status: "active", memberships: byContact.get(contact.id) ?? [] }, placeholder),
  );
}

function capturedSecond(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function personName(random: Random, index: number): string {
  return `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)} ${index + 1}`;
}

function sentence(random: Random, words: number): string {
  const chosen: string[] = [];
  for (let index = 0; index < words; index += 1) chosen.push(pick(random, WORDS));
  const text = chosen.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const EMPLOYMENT_TYPES = ["full_time", "part_time", "contractor", "intern", "temporary"] as const;
const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis", "Radia", "Tim"];
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Ritchie", "Perlman", "Lee"];
const COMPANY_WORDS = ["Analytical", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Acme", "Hooli"];
const COMPANY_SUFFIXES = ["Engines", "Traders", "Labs", "Industries", "Systems", "Partners"];
const INDUSTRIES = ["Software", "Manufacturing", "Retail", "Finance", "Health", "Logistics"];
const JOB_TITLES = ["Account Manager", "Support Engineer", "Sales Lead", "Consultant", "Director"];
const ROLES = ["Engineer", "Buyer", "CFO", "Office Manager", "Analyst", "Founder", "Designer"];
const DEPARTMENTS = ["Engineering", "Purchasing", "Finance", "Operations", "Sales", "Research"];
const WORDS = [
  "renewal", "pricing", "follow", "up", "on", "the", "contract", "call", "about", "shipment", "invoice",
  "meeting", "notes", "agreed", "next", "steps", "demo", "feedback", "quarterly", "review", "budget",
  "support", "ticket", "onboarding", "training", "proposal", "signed", "delayed", "asked", "for", "a",
  "discount", "sent", "slides", "introduced", "team", "lunch", "workshop", "roadmap", "integration",
];
