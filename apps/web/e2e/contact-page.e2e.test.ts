import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartyRecords, signInApi, type Api } from "./api";
import { feedEntry, launchBrowser, newComposer, openContact, signedInPage, waitForSynced } from "./browser";

const TEST_RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));

/** A small PDF with every byte value after its header, so a changed byte or a text decoding shows. */
const PDF_BYTES = Buffer.concat([
  Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", "latin1"),
  Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
  Buffer.from("\n%%EOF\n", "latin1"),
]);

describe("contact page", () => {
  let browser: Browser;
  let api: Api;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await signInApi();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("downloads an uploaded attachment", async () => {
    const records = await createPartyRecords(api, "files");
    const page = await signedInPage(browser);
    await openContact(page, records.subject);

    const composer = newComposer(page);
    await composer.getByLabel("Attach files").setInputFiles({
      name: "signed-contract.pdf",
      mimeType: "application/pdf",
      buffer: PDF_BYTES,
    });
    await composer.getByRole("list", { name: "Attached files" }).getByText("signed-contract.pdf").waitFor();
    await composer.getByText("· uploaded").waitFor();
    await composer.getByLabel("Subject").fill("Contract signed");
    await composer.getByRole("button", { name: "Log interaction" }).click();

    const entry = feedEntry(page, "Contract signed");
    await entry.waitFor();
    await waitForSynced(page);
    const link = entry
      .getByRole("list", { name: "Attachments" })
      .getByRole("link", { name: /signed-contract\.pdf/ });
    await link.waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("signed-contract.pdf");
    expect(Buffer.compare(await readFile(await download.path()), PDF_BYTES)).toBe(0);

    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/files\/[\w-]+$/);
    const response = await page.context().request.get(href ?? "");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(
      /^attachment;.*filename="signed-contract\.pdf"/,
    );
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(Buffer.compare(await response.body(), PDF_BYTES)).toBe(0);

    await page.getByRole("tab", { name: "Files" }).click();
    await page
      .getByRole("table", { name: "Files" })
      .getByRole("link", { name: "signed-contract.pdf" })
      .waitFor();
    await page.context().close();
  });

  it("saves a screenshot", async () => {
    const records = await createPartyRecords(api, "screenshot");
    const day = 24 * 60 * 60 * 1000;
    await api.interactions.create.mutate({
      interaction: {
        contactId: records.subject.id,
        type: "meeting",
        occurredAt: new Date(Date.now() - 2 * day),
        subject: "Quarterly review",
        body: "Agreed on the renewal.\nNext step: pricing for the second warehouse.",
      },
      parties: [
        { rawName: "", contactId: records.partyContact.id },
        { rawName: "", staffPersonId: records.staff.id },
        { rawName: "Dana from legal" },
      ],
    });
    await api.interactions.create.mutate({
      interaction: {
        contactId: records.subject.id,
        type: "call",
        occurredAt: new Date(Date.now() - day),
        subject: "Pricing call",
        body: "Sent the revised offer.",
      },
      parties: [{ rawName: "", staffPersonId: records.staff.id }],
    });
    const page = await signedInPage(browser);
    await openContact(page, records.subject);
    await feedEntry(page, "Pricing call").waitFor();
    await feedEntry(page, "Quarterly review").waitFor();
    await waitForSynced(page);

    await mkdir(TEST_RESULTS, { recursive: true });
    const path = `${TEST_RESULTS}contact-page.png`;
    await page.screenshot({ path, fullPage: true });
    const png = await readFile(path);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    await page.context().close();
  });
});
