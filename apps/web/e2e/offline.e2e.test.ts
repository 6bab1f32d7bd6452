import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartyRecords, signInApi, type Api } from "./api";
import {
  editInteraction,
  feedEntry,
  launchBrowser,
  logInteraction,
  openContact,
  signedInPage,
  waitForSynced,
} from "./browser";

describe("offline", () => {
  let browser: Browser;
  let api: Api;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await signInApi();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("keeps offline edits across a reload", async () => {
    const records = await createPartyRecords(api, "offline");
    const writer = await signedInPage(browser);
    const reader = await signedInPage(browser);
    await openContact(writer, records.subject);
    await openContact(reader, records.subject);
    // The service worker caches the app shell, which a reload without a connection needs.
    await writer.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await writer.context().setOffline(true);
    await offlineBanner(writer).waitFor();
    await logInteraction(writer, {
      type: "Note",
      subject: "Site visit",
      body: "Loading bay is too narrow.",
      parties: [{ search: "Felix Amsel offline", option: records.partyContact.name }],
    });
    await logInteraction(writer, { type: "Call", subject: "Follow-up call" });
    await editInteraction(writer, "Site visit", {
      subject: "Site visit, corrected",
      body: "Loading bay is wide enough.",
    });
    await expectPending(writer, ["Site visit, corrected", "Follow-up call"]);
    // Checked before the reload: once the service worker controls the reloaded
    // page, CI runs saw its sync requests pass Playwright's offline emulation.
    expect(await feedEntry(reader, "Follow-up call").count()).toBe(0);

    // Reloads at once, before Replicache's timer writes the replica to IndexedDB.
    await writer.reload();
    await writer.getByRole("heading", { name: records.subject.name, level: 1 }).waitFor();
    await offlineBanner(writer).waitFor();
    await expectPending(writer, ["Site visit, corrected", "Follow-up call"]);
    expect(
      await feedEntry(writer, "Site visit, corrected").getByText("Loading bay is wide enough.").count(),
    ).toBe(1);

    await writer.context().setOffline(false);
    await waitForSynced(writer);
    await writer.getByText("Not yet synced").first().waitFor({ state: "detached" });
    const corrected = feedEntry(reader, "Site visit, corrected");
    await corrected.waitFor();
    await corrected.getByText("Loading bay is wide enough.", { exact: true }).waitFor();
    await feedEntry(reader, "Follow-up call").waitFor();
    expect(await feedEntry(reader, "Site visit").count()).toBe(0);

    const stored = await api.interactions.listInvolving.query({ contactId: records.subject.id });
    expect(stored.items.map((item) => item.subject).sort()).toEqual([
      "Follow-up call",
      "Site visit, corrected",
    ]);
    await writer.context().close();
    await reader.context().close();
  });
});

function offlineBanner(page: Page) {
  return page.getByRole("status").filter({ hasText: "You are offline." });
}

/** Waits until each titled entry is in the feed with its "Not yet synced" marker. */
async function expectPending(page: Page, titles: readonly string[]): Promise<void> {
  for (const title of titles) {
    await feedEntry(page, title).getByText("Not yet synced", { exact: true }).waitFor();
  }
}
