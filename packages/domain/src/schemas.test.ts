import { describe, expect, it } from "vitest";

import { fieldErrorsFromZod } from "./field-errors";
import {
  contactCreateInputSchema,
  interactionCreateInputSchema,
  interactionUpdateInputSchema,
  listForCompanyInputSchema,
  listInvolvingInputSchema,
  listRecentInputSchema,
  partyInputSchema,
  searchInputSchema,
  utf8ByteLength,
  userCreateInputSchema,
} from "./schemas";
import { ids } from "./test-fixtures";

const create = (interaction: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  interactionCreateInputSchema.safeParse({ interaction: { contactId: ids.ada, ...interaction }, ...rest });

const errorsOf = (result: { error?: Parameters<typeof fieldErrorsFromZod>[0] }) =>
  result.error ? fieldErrorsFromZod(result.error) : {};

describe("interactionCreateInputSchema", () => {
  it("accepts the minimal input", () => {
    expect(create({}).success).toBe(true);
  });

  it("rejects an unparsable occurredAt", () => {
    expect(errorsOf(create({ occurredAt: new Date("not a date") }))).toEqual({
      "interaction.occurredAt": ["must be a valid date and time"],
    });
  });

  it("rejects an occurredAt string", () => {
    expect(create({ occurredAt: "yesterday" }).success).toBe(false);
  });

  it("leaves an omitted occurredAt undefined", () => {
    expect(create({}).data?.interaction.occurredAt).toBeUndefined();
  });

  it("accepts an IANA time zone", () => {
    expect(create({ timeZone: "Europe/Berlin" }).success).toBe(true);
  });

  it("rejects an invalid time zone", () => {
    expect(errorsOf(create({ timeZone: "Mars/Olympus" }))).toEqual({
      "interaction.timeZone": ["must be an IANA time zone such as Europe/Berlin"],
    });
  });

  it("rejects a UTC offset as time zone", () => {
    expect(create({ timeZone: "+01:00" }).success).toBe(false);
  });

  it("trims the subject", () => {
    expect(create({ subject: "  Call  " }).data?.interaction.subject).toBe("Call");
  });

  it("turns a blank subject into null", () => {
    expect(create({ subject: "   " }).data?.interaction.subject).toBeNull();
  });

  it("rejects a 256-character subject", () => {
    expect(errorsOf(create({ subject: "x".repeat(256) }))).toEqual({
      "interaction.subject": ["must be at most 255 characters"],
    });
  });

  it("keeps line breaks in the body", () => {
    expect(create({ body: "one\n\ntwo\n" }).data?.interaction.body).toBe("one\n\ntwo\n");
  });

  it("rejects a body over 100,000 characters", () => {
    expect(create({ body: "x".repeat(100_001) }).success).toBe(false);
  });

  it("rejects an unknown type", () => {
    expect(Object.keys(errorsOf(create({ type: "fax" })))).toEqual(["interaction.type"]);
  });

  it("accepts metadata of 16 KiB", () => {
    expect(create({ metadata: { a: "x".repeat(16 * 1024 - 8) } }).success).toBe(true);
  });

  it("rejects metadata over 16 KiB", () => {
    expect(errorsOf(create({ metadata: { a: "x".repeat(16 * 1024) } }))).toEqual({
      "interaction.metadata": ["must be at most 16 KiB as JSON; store large data as a file instead"],
    });
  });

  it("counts metadata size in UTF-8 bytes", () => {
    expect(create({ metadata: { a: "é".repeat(9000) } }).success).toBe(false);
  });

  it("rejects array metadata", () => {
    expect(create({ metadata: [1, 2] }).success).toBe(false);
  });

  it("rejects metadata holding a Date", () => {
    expect(create({ metadata: { at: new Date() } }).success).toBe(false);
  });

  it("rejects more than 10 files", () => {
    const fileIds = Array.from(
      { length: 11 },
      (_, index) => `01900000-0000-7000-8000-${String(index).padStart(12, "0")}`,
    );
    expect(Object.keys(errorsOf(create({}, { fileIds })))).toEqual(["fileIds"]);
  });

  it("rejects a malformed contactId", () => {
    expect(errorsOf(create({ contactId: "abc" }))).toEqual({ "interaction.contactId": ["must be a UUID"] });
  });
});

describe("interactionUpdateInputSchema", () => {
  it("refuses to change the subject contact", () => {
    const result = interactionUpdateInputSchema.safeParse({
      id: ids.interaction,
      changes: { contactId: ids.grace },
    });
    expect(errorsOf(result)).toEqual({ changes: ["cannot change contactId of an interaction"] });
  });

  it("keeps null parties apart from omitted parties", () => {
    const result = interactionUpdateInputSchema.parse({ id: ids.interaction, changes: {}, parties: null });
    expect(result.parties).toBeNull();
  });

  it("rejects changes.body over the limit", () => {
    const result = interactionUpdateInputSchema.safeParse({
      id: ids.interaction,
      changes: { body: "x".repeat(100_001) },
    });
    expect(Object.keys(errorsOf(result))).toEqual(["changes.body"]);
  });
});

describe("partyInputSchema", () => {
  it("rejects a 256-character name", () => {
    expect(errorsOf(partyInputSchema.safeParse({ rawName: "x".repeat(256) }))).toEqual({
      rawName: ["must be at most 255 characters"],
    });
  });

  it("measures the name after trimming", () => {
    expect(partyInputSchema.safeParse({ rawName: ` ${"x".repeat(255)} ` }).success).toBe(true);
  });

  it("rejects both references", () => {
    const result = partyInputSchema.safeParse({ rawName: "A", contactId: ids.ada, staffPersonId: ids.linus });
    expect(Object.keys(errorsOf(result))).toEqual(["staffPersonId"]);
  });
});

describe("contactCreateInputSchema", () => {
  it("requires a name", () => {
    expect(errorsOf(contactCreateInputSchema.safeParse({}))).toEqual({ name: ["is required"] });
  });

  it("rejects an invalid email", () => {
    expect(Object.keys(errorsOf(contactCreateInputSchema.safeParse({ name: "A", email: "nope" })))).toEqual([
      "email",
    ]);
  });

  it("turns a blank email into null", () => {
    expect(contactCreateInputSchema.parse({ name: "A", email: " " }).email).toBeNull();
  });

  it("rejects a phone over 50 characters", () => {
    expect(contactCreateInputSchema.safeParse({ name: "A", phone: "1".repeat(51) }).success).toBe(false);
  });

  it("refuses trashed as a status", () => {
    expect(contactCreateInputSchema.safeParse({ name: "A", status: "trashed" }).success).toBe(false);
  });
});

describe("userCreateInputSchema", () => {
  it("rejects a 7-character password", () => {
    const result = userCreateInputSchema.safeParse({
      email: "a@example.com",
      name: "A",
      password: "1234567",
    });
    expect(errorsOf(result)).toEqual({ password: ["must be at least 8 characters"] });
  });

  it("defaults the role to member", () => {
    expect(
      userCreateInputSchema.parse({ email: "a@example.com", name: "A", password: "12345678" }).role,
    ).toBe("member");
  });
});

describe("list inputs", () => {
  it("defaults the feed limit to 50", () => {
    expect(listInvolvingInputSchema.parse({ contactId: ids.ada }).limit).toBe(50);
  });

  it("rejects a feed limit over 200", () => {
    expect(listInvolvingInputSchema.safeParse({ contactId: ids.ada, limit: 201 }).success).toBe(false);
  });

  it("defaults the company scope to members", () => {
    expect(listForCompanyInputSchema.parse({ companyId: ids.acme }).scope).toBe("members");
  });

  it("defaults recent to 6", () => {
    expect(listRecentInputSchema.parse(undefined).limit).toBe(6);
  });

  it("defaults the search limit to 20", () => {
    expect(searchInputSchema.parse({ query: "ada" }).limit).toBe(20);
  });

  it("rejects a search limit over 100", () => {
    expect(searchInputSchema.safeParse({ query: "ada", limit: 101 }).success).toBe(false);
  });
});

describe("utf8ByteLength", () => {
  it("counts ASCII as one byte", () => {
    expect(utf8ByteLength("abc")).toBe(3);
  });

  it("counts an emoji as four bytes", () => {
    expect(utf8ByteLength("😀")).toBe(4);
  });
});
