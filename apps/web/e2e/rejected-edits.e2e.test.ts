import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartyRecords, signInApi, type Api } from "./api";
import {
  editInteraction,
  feedEntry,
  launchBrowser,
  logInteraction,
  newComposer,
  openContact,
  signedInPage,
  STEP_TIMEOUT_MS,
  waitForSynced,
} from "./browser";

const MEMBER = { email: "milo.member@example.com", password: "member-password" };

describe("rejected edits", () => {
  let browser: Browser;
  let admin: Api;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await signInApi();
    await admin.users.create.mutate({ ...MEMBER, name: "Milo Member", role: "member" });
  });

  afterAll(async () => {
    await browser.close();
  });

  it("restores a rejected interaction's text", async () => {
    const records = await createPartyRecords(admin, "rejected");
    const member = await signedInPage(browser, MEMBER);
    await openContact(member, records.subject);

    await member.context().setOffline(true);
    await logInteraction(member, {
      type: "Meeting",
      subject: "Warehouse tour",
      body: "Walked the new loading bay.",
      parties: [{ search: "Felix Amsel rejected", option: records.partyContact.name }],
    });
    await admin.contacts.delete.mutate({ id: records.partyContact.id });
    await member.context().setOffline(false);

    const notices = member.getByRole("region", { name: "Changes the server rejected" });
    const notice = notices.getByRole("alert").filter({ hasText: "Logging an interaction was not saved" });
    await notice.waitFor();
    const reason = await notice.locator("p").nth(1).textContent();
    expect(reason).toContain("contact not found");
    await notice.getByText("Your text").click();
    await notice.getByText("Walked the new loading bay.", { exact: true }).waitFor();
    await feedEntry(member, "Warehouse tour").waitFor({ state: "detached" });

    await notice.getByRole("button", { name: "Open in composer" }).click();
    await notice.waitFor({ state: "detached" });
    const composer = newComposer(member);
    await expectValue(composer.getByLabel("Subject"), "Warehouse tour");
    await expectValue(composer.getByLabel("Notes"), "Walked the new loading bay.");
    expect(await composer.getByLabel("Type").inputValue()).toBe("meeting");

    // The chip of the deleted contact is rejected again, beside the chip, until the retry removes it.
    await composer.getByRole("button", { name: "Log interaction" }).click();
    const chipError = composer.getByRole("list", { name: "Parties" }).getByRole("alert");
    await chipError.waitFor();
    expect(await chipError.textContent()).toContain("contact not found");
    await composer.getByRole("button", { name: `Remove ${records.partyContact.name}` }).click();
    await composer.getByRole("button", { name: "Log interaction" }).click();
    const retried = feedEntry(member, "Warehouse tour");
    await retried.waitFor();
    await waitForSynced(member);
    await retried.getByText("Not yet synced").waitFor({ state: "detached" });
    const stored = await admin.interactions.listInvolving.query({ contactId: records.subject.id });
    expect(stored.items.map((item) => item.body)).toEqual(["Walked the new loading bay."]);
    await member.context().close();
  });

  it("logs an edit of a deleted interaction anew", async () => {
    const records = await createPartyRecords(admin, "deleted");
    const member = await signedInPage(browser, MEMBER);
    await openContact(member, records.subject);
    await logInteraction(member, { type: "Call", subject: "Rate check", body: "Asked for the new rates." });
    await waitForSynced(member);
    await feedEntry(member, "Rate check").getByText("Not yet synced").waitFor({ state: "detached" });
    const logged = await admin.interactions.listInvolving.query({ contactId: records.subject.id });
    const loggedId = logged.items[0]?.id ?? "";

    await member.context().setOffline(true);
    await editInteraction(member, "Rate check", {
      subject: "Rate check, agreed",
      body: "Rates agreed for the next quarter.",
    });
    await admin.interactions.delete.mutate({ id: loggedId });
    await member.context().setOffline(false);

    const notices = member.getByRole("region", { name: "Changes the server rejected" });
    const notice = notices.getByRole("alert").filter({ hasText: "Editing an interaction was not saved" });
    await notice.waitFor();
    expect(await notice.locator("p").nth(1).textContent()).toContain("interaction not found");
    await feedEntry(member, "Rate check, agreed").waitFor({ state: "detached" });

    await notice.getByRole("button", { name: "Open in composer" }).click();
    await notice.waitFor({ state: "detached" });
    const composer = newComposer(member);
    await expectValue(composer.getByLabel("Subject"), "Rate check, agreed");
    await expectValue(composer.getByLabel("Notes"), "Rates agreed for the next quarter.");
    expect(await composer.getByLabel("Type").inputValue()).toBe("call");
    await composer.getByRole("status").filter({ hasText: "The interaction you edited was deleted" }).waitFor();

    await composer.getByRole("button", { name: "Log interaction" }).click();
    const relogged = feedEntry(member, "Rate check, agreed");
    await relogged.waitFor();
    await waitForSynced(member);
    await relogged.getByText("Not yet synced").waitFor({ state: "detached" });
    const stored = await admin.interactions.listInvolving.query({ contactId: records.subject.id });
    expect(stored.items.map((item) => item.body)).toEqual(["Rates agreed for the next quarter."]);
    expect(stored.items.map((item) => item.id)).not.toContain(loggedId);
    await member.context().close();
  });
});

/** Waits until a form field contains `value`. */
async function expectValue(field: Locator, value: string): Promise<void> {
  await expect.poll(() => field.inputValue(), { timeout: STEP_TIMEOUT_MS }).toBe(value);
}
