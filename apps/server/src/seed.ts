import {
  addMember,
  createCompany,
  createContact,
  createInteraction,
  createStaffPerson,
  logout,
  removeMember,
  resolveSession,
  signUp,
  updateUser,
  type Actor,
  type ServiceContext,
} from "@crm/api";
import { workspaces } from "@crm/db";
import {
  DomainError,
  companyCreateInputSchema,
  contactCreateInputSchema,
  membershipCreateInputSchema,
  signUpInputSchema,
  staffCreateInputSchema,
  type PartyInput,
} from "@crm/domain";

import {
  DEMO_ADMIN_NAME,
  DEMO_CAREER_MOVES,
  DEMO_COMPANIES,
  DEMO_CONTACTS,
  DEMO_FREE_TEXT_PARTIES,
  DEMO_INTERACTION_TEMPLATES,
  DEMO_STAFF,
  DEMO_WORKSPACE_NAME,
  type DemoCompany,
  type DemoContact,
  type DemoMembership,
  type DemoStaffPerson,
} from "./seed-data";

export interface SeedOptions {
  readonly adminEmail: string;
  readonly adminPassword: string;
}

export interface SeededWorkspace {
  readonly workspaceId: string;
  readonly adminUserId: string;
}

/** Interactions logged before the career moves, whose snapshots keep the old companies. */
const EARLIER_INTERACTION_COUNT = 42;
/** Interactions logged after the career moves. */
const LATER_INTERACTION_COUNT = 18;

/** The same seed gives the same demo data on every fresh start. */
const RANDOM_SEED = 20_240_611;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Fills an empty database with the "Northwind Demo" workspace: its admin
 * (from the configured email and password), staff, companies, contacts with
 * memberships, and a year of interactions. Everything goes through the
 * services, so snapshots and activity entries are what a user's edits would
 * have produced. Some contacts change company halfway, after interactions
 * were logged, so those interactions' snapshots show the company of then.
 * Does nothing and returns null when any workspace exists.
 */
export async function seedDemoWorkspace(context: ServiceContext, options: SeedOptions): Promise<SeededWorkspace | null> {
  const [existing] = await context.db.select({ id: workspaces.id }).from(workspaces).limit(1);
  if (existing !== undefined) return null;

  // One log line for the whole demo instead of one per record, unless the logger is quieter still.
  const level = context.logger.levelVal > (context.logger.levels.values.warn ?? 40) ? context.logger.level : "warn";
  const services: ServiceContext = { ...context, logger: context.logger.child({}, { level }) };

  // 1. The workspace and its admin, signed in for the rest of the seeding.
  let signedIn;
  try {
    signedIn = await signUp(
      services,
      signUpInputSchema.parse({
        workspaceName: DEMO_WORKSPACE_NAME,
        email: options.adminEmail,
        name: DEMO_ADMIN_NAME,
        password: options.adminPassword,
      }),
    );
  } catch (error) {
    // Another server process sharing the database seeded it first.
    if (error instanceof DomainError && error.code === "CONFLICT") return null;
    throw error;
  }
  const actor = await resolveSession(services, signedIn.token);
  if (actor === null) throw new Error("The demo admin's new session could not be resolved.");
  const demo = new DemoBuilder(services, actor, createRandom(RANDOM_SEED));

  // 2. Staff, with the admin linked to the first staff person.
  const staffIds = await demo.createStaff(DEMO_STAFF);
  await updateUser(services, actor, { id: actor.userId, changes: { staffPersonId: staffIds[0] ?? null } });

  // 3. Companies, then contacts with their memberships.
  await demo.createCompanies(DEMO_COMPANIES);
  await demo.createContacts(DEMO_CONTACTS);

  // 4. The earlier interactions, then the career moves, then the later ones.
  await demo.logInteractions(EARLIER_INTERACTION_COUNT, { fromDaysAgo: 360, toDaysAgo: 130 });
  await demo.moveContacts();
  await demo.logInteractions(LATER_INTERACTION_COUNT, { fromDaysAgo: 120, toDaysAgo: 1 });

  await logout(services, actor);
  context.logger.info({ workspaceId: actor.workspaceId, userId: actor.userId }, "demo workspace created");
  return { workspaceId: actor.workspaceId, adminUserId: actor.userId };
}

interface StaffRecord extends DemoStaffPerson {
  readonly id: string;
}

/** Creates the demo records in order and remembers their ids and current companies. */
class DemoBuilder {
  private readonly staff: StaffRecord[] = [];
  private readonly companies = new Map<string, DemoCompany & { readonly id: string }>();
  private readonly contacts = new Map<string, DemoContact & { readonly id: string }>();
  /** Each contact's current primary company key, updated by the career moves. */
  private readonly currentCompany = new Map<string, string>();
  private interactionsLogged = 0;

  constructor(
    private readonly services: ServiceContext,
    private readonly actor: Actor,
    private readonly random: Random,
  ) {}

  async createStaff(people: readonly DemoStaffPerson[]): Promise<string[]> {
    for (const person of people) {
      const created = await createStaffPerson(this.services, this.actor, staffCreateInputSchema.parse(person));
      this.staff.push({ ...person, id: created.id });
    }
    return this.staff.map((person) => person.id);
  }

  async createCompanies(companies: readonly DemoCompany[]): Promise<void> {
    for (const company of companies) {
      const { key: _key, timeZone: _timeZone, ...fields } = company;
      const created = await createCompany(this.services, this.actor, companyCreateInputSchema.parse(fields));
      this.companies.set(company.key, { ...company, id: created.id });
    }
  }

  async createContacts(contacts: readonly DemoContact[]): Promise<void> {
    for (const contact of contacts) {
      const { key: _key, memberships, ...fields } = contact;
      const created = await createContact(this.services, this.actor, contactCreateInputSchema.parse(fields));
      this.contacts.set(contact.key, { ...contact, id: created.id });

      for (const [index, membership] of memberships.entries()) {
        await this.join(contact.key, membership, index === 0);
      }
    }
  }

  /** Moves each contact of DEMO_CAREER_MOVES to its new company, which becomes its primary one. */
  async moveContacts(): Promise<void> {
    for (const move of DEMO_CAREER_MOVES) {
      await removeMember(this.services, this.actor, {
        companyId: this.company(move.leaves).id,
        contactId: this.contact(move.contact).id,
      });
      await this.join(move.contact, move.joins, true);
    }
  }

  /**
   * Logs `count` interactions on working days between the two day offsets. The
   * first interactions are about the contacts who later move, so their
   * snapshots are sure to record the company they leave.
   */
  async logInteractions(count: number, range: { readonly fromDaysAgo: number; readonly toDaysAgo: number }): Promise<void> {
    const movers = DEMO_CAREER_MOVES.map((move) => move.contact);
    const keys = [...this.contacts.keys()];

    const isFirstBatch = this.interactionsLogged === 0;
    for (let index = 0; index < count; index += 1) {
      const subjectKey = (isFirstBatch ? movers[index] : undefined) ?? this.random.pick(keys);
      await this.logInteraction(subjectKey, this.occurredAt(range), movers);
    }
    this.interactionsLogged += count;
  }

  private async logInteraction(subjectKey: string, occurredAt: Date, movers: readonly string[]): Promise<void> {
    const subject = this.contact(subjectKey);
    const companyKey = this.currentCompany.get(subjectKey);
    const company = companyKey === undefined ? undefined : this.company(companyKey);
    const staff = this.random.pick(this.staff);
    const template = this.random.pick(DEMO_INTERACTION_TEMPLATES);

    const parties: PartyInput[] = [{ rawName: staff.name, staffPersonId: staff.id }];
    const colleague = this.colleagueOf(subjectKey, movers);
    if (colleague !== undefined && this.random.chance(0.45)) {
      parties.push({ rawName: colleague.name, contactId: colleague.id });
    }
    if (this.random.chance(0.2)) parties.push({ rawName: this.random.pick(DEMO_FREE_TEXT_PARTIES) });

    const fill = (line: string): string =>
      line
        .replaceAll("{contact}", subject.name)
        .replaceAll("{company}", company?.name ?? "their company")
        .replaceAll("{staff}", staff.name);
    await createInteraction(this.services, this.actor, {
      interaction: {
        contactId: subject.id,
        type: template.type,
        occurredAt,
        timeZone: company?.timeZone ?? "Europe/Lisbon",
        subject: template.subject,
        body: template.body.map(fill).join("\n"),
      },
      parties,
    });
  }

  /** Another contact at the subject's company, preferring one who later moves, so party snapshots differ too. */
  private colleagueOf(subjectKey: string, movers: readonly string[]): { readonly id: string; readonly name: string } | undefined {
    const companyKey = this.currentCompany.get(subjectKey);
    if (companyKey === undefined) return undefined;

    const colleagues = [...this.currentCompany.entries()]
      .filter(([key, company]) => company === companyKey && key !== subjectKey)
      .map(([key]) => key);
    if (colleagues.length === 0) return undefined;
    const mover = colleagues.find((key) => movers.includes(key));
    return this.contact(mover !== undefined && this.random.chance(0.5) ? mover : this.random.pick(colleagues));
  }

  private async join(contactKey: string, membership: DemoMembership, isPrimary: boolean): Promise<void> {
    await addMember(
      this.services,
      this.actor,
      membershipCreateInputSchema.parse({
        companyId: this.company(membership.company).id,
        contactId: this.contact(contactKey).id,
        roleInCompany: membership.roleInCompany,
        department: membership.department,
        isPrimary,
      }),
    );
    if (isPrimary) this.currentCompany.set(contactKey, membership.company);
  }

  /** Returns a working-day time between 08:00 and 17:45 UTC, on a quarter hour. */
  private occurredAt(range: { readonly fromDaysAgo: number; readonly toDaysAgo: number }): Date {
    const today = Math.floor(this.services.now().getTime() / DAY_MS) * DAY_MS;
    const daysAgo = range.toDaysAgo + this.random.int(range.fromDaysAgo - range.toDaysAgo + 1);
    const day = new Date(today - daysAgo * DAY_MS);
    // Saturday and Sunday move back to Friday.
    let workingDay = day.getTime();
    if (day.getUTCDay() === 6) workingDay -= DAY_MS;
    if (day.getUTCDay() === 0) workingDay -= 2 * DAY_MS;
    const quarterHours = 8 * 4 + this.random.int(10 * 4);
    return new Date(workingDay + quarterHours * 15 * 60 * 1000);
  }

  private company(key: string): DemoCompany & { readonly id: string } {
    const company = this.companies.get(key);
    if (company === undefined) throw new Error(`The demo data names company "${key}", which it does not define.`);
    return company;
  }

  private contact(key: string): DemoContact & { readonly id: string } {
    const contact = this.contacts.get(key);
    if (contact === undefined) throw new Error(`The demo data names contact "${key}", which it does not define.`);
    return contact;
  }
}

interface Random {
  /** A whole number from 0 to max - 1. */
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** Creates a mulberry32 generator: small and fast, and its sequence depends only on the seed. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    int: (max) => Math.floor(next() * max),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("Cannot pick an item from an empty list.");
      return item;
    },
    chance: (probability) => next() < probability,
  };
}
