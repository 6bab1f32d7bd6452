import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser, newContext, waitForSynced } from "./browser";
import { ADMIN } from "./users";

describe("sign-in", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
  });

  it("opens the demo contacts", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/");

    await page.getByRole("form", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();

    await page.getByRole("heading", { name: "Contacts", level: 1 }).waitFor();
    await waitForSynced(page);
    expect(new URL(page.url()).pathname).toBe("/contacts");
    expect(await page.getByRole("table", { name: "Contacts" }).getByRole("row").count()).toBeGreaterThan(1);
    await context.close();
  });

  it("names a wrong password", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/");

    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();

    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/password/i);
    await context.close();
  });
});
