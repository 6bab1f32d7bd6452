import { fileURLToPath } from "node:url";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, signedInPage, waitForSynced } from "./browser";

const FIXTURES = fileURLToPath(new URL("../../../packages/api/test/fixtures/import/", import.meta.url));

/** Opens the Import screen from the header navigation. */
async function openImport(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import" }).click();
  await page.getByRole("heading", { name: "Import", level: 1 }).waitFor();
}

/** Returns the "created" count of a row of the report, such as "Contacts". */
async function createdCount(page: Page, row: string): Promise<string> {
  const table = page.getByRole("table", { name: "Rows created and updated" });
  return table
    .getByRole("row", { name: new RegExp(`^${row}`) })
    .getByRole("cell")
    .first()
    .innerText();
}

describe("import page", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("imports a vCard file", async () => {
    const page = await signedInPage(browser);
    await openImport(page);

    await page.getByLabel("File to import").setInputFiles(`${FIXTURES}contacts-v4.vcf`);
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    const records = page.getByRole("table", { name: "Records as they would import" }).locator("tbody tr");
    expect(await records.count()).toBe(4);
    await preview.getByRole("list", { name: "Issues found in the file" }).getByText("Record 4").waitFor();

    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByTestId("import-report").waitFor();
    expect(await createdCount(page, "Contacts")).toBe("4");
    expect(await createdCount(page, "Companies")).toBe("1");

    await page.getByRole("link", { name: "Go to contacts" }).click();
    await waitForSynced(page);
    await page.getByRole("link", { name: "Dr. Jane Q. Doe PhD" }).waitFor();
  });

  it("imports a calendar in a range", async () => {
    const page = await signedInPage(browser);
    await openImport(page);

    await page.getByLabel("File to import").setInputFiles(`${FIXTURES}calendar-meetings.ics`);
    await page.getByTestId("import-preview").waitFor();
    await page.getByLabel("From", { exact: true }).fill("2025-01-01");
    await page.getByLabel("Create contacts for unknown attendees").check();
    await page
      .getByRole("table", { name: "Records as they would import" })
      .getByText("Lunch in Berlin")
      .waitFor();

    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByTestId("import-report").waitFor();
    expect(await createdCount(page, "Meetings")).toBe("6");
    expect(await createdCount(page, "Contacts")).toBe("3");

    await page.getByRole("link", { name: "Go to contacts" }).click();
    await waitForSynced(page);
    await page.getByRole("link", { name: "Bob Stone" }).click();
    await page.getByText("Lunch in Berlin").first().waitFor();
  });

  it("maps the columns of an unknown CSV header", async () => {
    const page = await signedInPage(browser);
    await openImport(page);

    await page.getByLabel("File to import").setInputFiles(`${FIXTURES}unknown-header.csv`);
    const error = page.getByTestId("import-preview-error");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^unknown-header\.csv: /);

    await page.getByLabel("Name", { exact: true }).selectOption("Kundennummer");
    await page.getByRole("button", { name: "Preview with these columns" }).click();
    await page.getByRole("table", { name: "Records as they would import" }).getByText("10002").waitFor();
  });
});
