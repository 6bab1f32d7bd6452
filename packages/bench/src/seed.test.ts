import { describe, expect, test } from "vitest";

import { chooseContacts } from "./seed";

describe("chooseContacts", () => {
  const contacts = [
    { id: "a", entries: 4_000 },
    { id: "b", entries: 1_100 },
    { id: "c", entries: 950 },
    { id: "d", entries: 12 },
    { id: "e", entries: 9 },
  ];

  test("busy is the closest to 1,000", () => {
    expect(chooseContacts(contacts).busy.id).toBe("c");
  });

  test("quiet is the closest to 10", () => {
    expect(chooseContacts(contacts).quiet.id).toBe("e");
  });

  test("top is the most involved", () => {
    expect(chooseContacts(contacts).top.id).toBe("a");
  });

  test("no contacts is an error", () => {
    expect(() => chooseContacts([])).toThrow(/no contacts/);
  });
});
