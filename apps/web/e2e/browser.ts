import { existsSync } from "node:fs";

import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { inject } from "vitest";

import { ADMIN, type Credentials } from "./users";

/**
 * How long a step may wait for the app: generous, because Chromium, the
 * server and the database share two loaded cores with other work.
 */
export const STEP_TIMEOUT_MS = 30_000;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Returns Debian's Chromium, or CHROMIUM_PATH when set. The tests never download a browser. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `Chromium was not found at ${path}. Install Debian's Chromium: apt-get install -y chromium`,
    );
  }
  return path;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens a fresh context (its own cookies, storage and replica) on the server
 * under test. Times are shown in a fixed zone and locale so text is predictable.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: inject("baseUrl"),
    locale: "en-US",
    timezoneId: "Europe/Berlin",
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return context;
}

/** Opens a page in a fresh context and signs in there. */
export async function signedInPage(browser: Browser, user: Credentials = ADMIN): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** Signs in through the sign-in page and waits until the first sync has finished. */
export async function signIn(page: Page, user: Credentials = ADMIN): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Contacts", level: 1 }).waitFor();
  await waitForSynced(page);
}

/** Waits until the header's sync status shows that every change has reached the server. */
export async function waitForSynced(page: Page): Promise<void> {
  await page.getByRole("status", { name: "Sync status: Synced" }).waitFor();
}

/** Opens a contact's page and waits for its heading, which appears once the replica has the contact. */
export async function openContact(
  page: Page,
  contact: { readonly id: string; readonly name: string },
): Promise<void> {
  await page.goto(`/contacts/${contact.id}`);
  await page.getByRole("heading", { name: contact.name, level: 1 }).waitFor();
}

/** Returns the feed entry whose title (its subject) is `title`. */
export function feedEntry(page: Page, title: string): Locator {
  return page.getByRole("article", { name: title, exact: true });
}

/** Returns the composer that logs a new interaction. */
export function newComposer(page: Page): Locator {
  return page.getByRole("form", { name: "Log an interaction" });
}

export interface PartyToAdd {
  /** What to type into the picker. */
  readonly search: string;
  /** The option to pick, or null to add the typed text as free text. */
  readonly option: string | null;
}

/** Types into the composer's party picker and picks an option, or adds the text as free text. */
export async function addParty(composer: Locator, party: PartyToAdd): Promise<void> {
  const picker = composer.getByRole("combobox", { name: "Add a party" });
  await picker.fill(party.search);
  if (party.option === null) {
    await composer.getByRole("button", { name: "Add as free text" }).click();
  } else {
    // A candidate option reads its name, then "Contact · detail" or "Staff · detail". The free-text option reads "Add “…” as free text".
    await composer
      .getByRole("option")
      .filter({ has: composer.page().getByText(party.option, { exact: true }) })
      .click();
  }
  await composer
    .getByRole("list", { name: "Parties" })
    .getByText(party.option ?? party.search, { exact: true })
    .waitFor();
}

export interface InteractionToLog {
  readonly type?: "Call" | "Email" | "Meeting" | "Note" | "Other";
  readonly subject: string;
  readonly body?: string;
  readonly parties?: readonly PartyToAdd[];
}

/** Fills the new-interaction composer of the open contact page and logs it. */
export async function logInteraction(page: Page, interaction: InteractionToLog): Promise<void> {
  const composer = newComposer(page);
  if (interaction.type) await composer.getByLabel("Type").selectOption({ label: interaction.type });
  await composer.getByLabel("Subject").fill(interaction.subject);
  if (interaction.body !== undefined) await composer.getByLabel("Notes").fill(interaction.body);
  for (const party of interaction.parties ?? []) await addParty(composer, party);
  await composer.getByRole("button", { name: "Log interaction" }).click();
  await feedEntry(page, interaction.subject).waitFor();
}

/** Opens the feed entry titled `title` in the edit composer and saves the new subject and body. */
export async function editInteraction(
  page: Page,
  title: string,
  changes: { readonly subject: string; readonly body?: string },
): Promise<void> {
  await page.getByRole("button", { name: `Edit ${title}`, exact: true }).click();
  const composer = page.getByRole("form", { name: "Edit interaction" });
  await composer.getByLabel("Subject").fill(changes.subject);
  if (changes.body !== undefined) await composer.getByLabel("Notes").fill(changes.body);
  await composer.getByRole("button", { name: "Save changes" }).click();
  await composer.waitFor({ state: "detached" });
  await feedEntry(page, changes.subject).waitFor();
}

/** Deletes the feed entry titled `title`, confirming in the dialog. */
export async function deleteInteraction(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: `Delete ${title}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this interaction?" });
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
  await feedEntry(page, title).waitFor({ state: "detached" });
}
