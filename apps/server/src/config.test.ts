import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { ConfigError, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, loadConfig, REPOSITORY_ROOT } from "./config";

describe("loadConfig", () => {
  it("uses the documented defaults", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.database).toEqual({ driver: "pglite", dataDir: resolve(REPOSITORY_ROOT, ".data") });
    expect(config.adminEmail).toBe(DEFAULT_ADMIN_EMAIL);
    expect(config.adminPassword).toBe(DEFAULT_ADMIN_PASSWORD);
    expect(config.adminPasswordIsDefault).toBe(true);
    expect(config.logLevel).toBe("info");
    expect(config.cookieSecure).toBe(false);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://crm@127.0.0.1:5432/crm",
      CRM_ADMIN_EMAIL: "owner@example.org",
      CRM_ADMIN_PASSWORD: "a long secret",
      LOG_LEVEL: "debug",
      CRM_COOKIE_SECURE: "true",
    });
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
    expect(config.database).toEqual({ driver: "postgres", url: "postgres://crm@127.0.0.1:5432/crm" });
    expect(config.adminEmail).toBe("owner@example.org");
    expect(config.adminPassword).toBe("a long secret");
    expect(config.adminPasswordIsDefault).toBe(false);
    expect(config.logLevel).toBe("debug");
    expect(config.cookieSecure).toBe(true);
  });

  it("resolves relative folders from INIT_CWD", () => {
    const config = loadConfig({ CRM_DATA_DIR: "tmp/data", INIT_CWD: "/srv/crm" });
    expect(config.database).toEqual({ driver: "pglite", dataDir: "/srv/crm/tmp/data" });
  });

  it("treats a blank variable as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: " " }).port).toBe(3000);
  });

  it("ignores a web folder without index.html", () => {
    expect(loadConfig({ CRM_WEB_DIST: "/nonexistent/web" }).webDist).toBeNull();
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/crm"],
    ["CRM_ADMIN_EMAIL", "not-an-email"],
    ["CRM_ADMIN_PASSWORD", "short"],
    ["LOG_LEVEL", "loud"],
    ["CRM_COOKIE_SECURE", "maybe"],
  ])("names invalid %s (%s)", (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^\\s*${variable}: `, "m"));
  });

  it("lists every invalid variable", () => {
    expect(() => loadConfig({ PORT: "x", LOG_LEVEL: "loud" })).toThrow(/PORT: [\s\S]*LOG_LEVEL: /);
  });
});
