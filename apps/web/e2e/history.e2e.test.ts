import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartyRecords, signInApi, type Api } from "./api";
import {
  deleteInteraction,
  editInteraction,
  feedEntry,
  launchBrowser,
  logInteraction,
  openContact,
  signedInPage,
  waitForSynced,
} from "./browser";

describe("history", () => {
  let browser: Browser;
  let api: Api;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await signInApi();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("logs a meeting on both feeds", async () => {
    const records = await createPartyRecords(api, "log");
    const page = await signedInPage(browser);
    await openContact(page, records.subject);

    await logInteraction(page, {
      type: "Meeting",
      subject: "Quarterly review",
      body: "Agreed on the renewal.\nNext step: pricing.",
      parties: [
        { search: "Felix Amsel log", option: records.partyContact.name },
        { search: "Iris Calloway log", option: records.staff.name },
        { search: "Dana from legal", option: null },
      ],
    });

    const entry = feedEntry(page, "Quarterly review");
    await waitForSynced(page);
    await entry.getByText("Not yet synced").waitFor({ state: "detached" });
    expect(await entry.getByText("Meeting", { exact: true }).count()).toBe(1);
    expect(await entry.getByText("Agreed on the renewal.\nNext step: pricing.").count()).toBe(1);
    expect(await badgeTexts(entry)).toEqual([
      `${records.partyContact.name}${records.partyContact.detail}`,
      `${records.staff.name}${records.staff.detail}`,
      "Dana from legal",
    ]);
    expect(await entry.getByRole("link", { name: records.partyContact.name }).getAttribute("href")).toBe(
      `/contacts/${records.partyContact.id}`,
    );
    expect(await entry.getByRole("link", { name: records.staff.name }).getAttribute("href")).toBe(
      `/staff/${records.staff.id}`,
    );

    await entry.getByRole("link", { name: records.partyContact.name }).click();
    await page.getByRole("heading", { name: records.partyContact.name, level: 1 }).waitFor();
    const onPartyFeed = feedEntry(page, "Quarterly review");
    await onPartyFeed.waitFor();
    expect(await onPartyFeed.getByText(`with ${records.subject.name}`, { exact: true }).count()).toBe(1);
    expect(await onPartyFeed.getByRole("link", { name: records.subject.name }).getAttribute("href")).toBe(
      `/contacts/${records.subject.id}`,
    );
    await page.context().close();
  });

  it("edits and deletes an entry", async () => {
    const records = await createPartyRecords(api, "edit");
    await api.interactions.create.mutate({
      interaction: {
        contactId: records.subject.id,
        type: "call",
        subject: "Pricing call",
        body: "First offer.",
      },
      parties: [{ rawName: "", contactId: records.partyContact.id }],
    });
    const page = await signedInPage(browser);
    await openContact(page, records.subject);
    await feedEntry(page, "Pricing call").waitFor();

    await editInteraction(page, "Pricing call", {
      subject: "Pricing call, second round",
      body: "Second offer.",
    });
    const edited = feedEntry(page, "Pricing call, second round");
    expect(await edited.getByText("Second offer.", { exact: true }).count()).toBe(1);
    expect(await feedEntry(page, "Pricing call").count()).toBe(0);
    await waitForSynced(page);
    const stored = await api.interactions.listInvolving.query({ contactId: records.subject.id });
    expect(stored.items.map((item) => item.subject)).toEqual(["Pricing call, second round"]);
    // The untouched party keeps its place on the edited entry.
    expect(await badgeTexts(edited)).toEqual([`${records.partyContact.name}${records.partyContact.detail}`]);

    await deleteInteraction(page, "Pricing call, second round");
    await page.getByText("No interactions yet.", { exact: false }).waitFor();
    await waitForSynced(page);
    expect((await api.interactions.listInvolving.query({ contactId: records.subject.id })).items).toEqual([]);
    await page.context().close();
  });

  it("updates another browser live", async () => {
    const records = await createPartyRecords(api, "live");
    const writer = await signedInPage(browser);
    const reader = await signedInPage(browser);
    await openContact(writer, records.subject);
    await openContact(reader, records.subject);
    await markDocument(reader);

    await logInteraction(writer, {
      type: "Call",
      subject: "Onboarding call",
      parties: [{ search: "Iris Calloway live", option: records.staff.name }],
    });
    await feedEntry(reader, "Onboarding call").waitFor();
    expect(await badgeTexts(feedEntry(reader, "Onboarding call"))).toEqual([
      `${records.staff.name}${records.staff.detail}`,
    ]);

    await editInteraction(writer, "Onboarding call", {
      subject: "Onboarding call, rescheduled",
      body: "Moved to Friday.",
    });
    const edited = feedEntry(reader, "Onboarding call, rescheduled");
    await edited.waitFor();
    await edited.getByText("Moved to Friday.", { exact: true }).waitFor();
    await feedEntry(reader, "Onboarding call").waitFor({ state: "detached" });

    await deleteInteraction(writer, "Onboarding call, rescheduled");
    await edited.waitFor({ state: "detached" });
    await reader.getByText("No interactions yet.", { exact: false }).waitFor();

    expect(await documentIsMarked(reader)).toBe(true);
    await writer.context().close();
    await reader.context().close();
  });
});

/** Returns the text of each party badge of a feed entry, in display order: name followed by detail. */
function badgeTexts(entry: Locator): Promise<string[]> {
  return entry.getByRole("list", { name: "Parties" }).getByRole("listitem").allTextContents();
}

/** Marks the loaded document, so a later check can tell that no reload or navigation replaced it. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.documentElement.dataset.e2eMark = "loaded";
  });
}

function documentIsMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.dataset.e2eMark === "loaded");
}
