import { describe, expect, test } from "vitest";

import { applyDiff, diffClientViews, EMPTY_CLIENT_VIEW, type ClientView } from "./client-view";

function view(rows: Record<string, number>, lastMutationIds: Record<string, number> = {}): ClientView {
  return { rows: new Map(Object.entries(rows)), lastMutationIds: new Map(Object.entries(lastMutationIds)) };
}

describe("diffClientViews", () => {
  test("puts new and changed rows and deletes gone ones", () => {
    const previous = view({ "contact/a": 1, "contact/b": 1, "contact/c": 1 });
    const current = view({ "contact/a": 1, "contact/b": 2, "contact/d": 1 });

    const diff = diffClientViews(previous, current, 10);

    expect(diff.puts).toEqual(["contact/b", "contact/d"]);
    expect(diff.dels).toEqual(["contact/c"]);
    expect(diff.partial).toBe(false);
  });

  test("compares versions for equality only", () => {
    const diff = diffClientViews(view({ "contact/a": 7 }), view({ "contact/a": 3 }), 10);

    expect(diff.puts).toEqual(["contact/a"]);
  });

  test("caps the operations, puts first, and says more remain", () => {
    const previous = view({ "contact/x": 1, "contact/y": 1 });
    const current = view({ "contact/a": 1, "contact/b": 1 });

    const diff = diffClientViews(previous, current, 3);

    expect(diff.puts).toEqual(["contact/a", "contact/b"]);
    expect(diff.dels).toEqual(["contact/x"]);
    expect(diff.partial).toBe(true);
  });

  test("reports only the clients whose lastMutationID changed", () => {
    const diff = diffClientViews(view({}, { a: 1, b: 4 }), view({}, { a: 1, b: 5, c: 1 }), 10);

    expect(Object.fromEntries(diff.lastMutationIdChanges)).toEqual({ b: 5, c: 1 });
  });
});

describe("applyDiff", () => {
  test("records only what was sent, so the rest goes out next time", () => {
    const current = view({ "contact/a": 1, "contact/b": 1, "contact/c": 1 }, { a: 2 });
    const diff = diffClientViews(EMPTY_CLIENT_VIEW, current, 2);

    const next = applyDiff(EMPTY_CLIENT_VIEW, diff, current);

    expect(Object.fromEntries(next.rows)).toEqual({ "contact/a": 1, "contact/b": 1 });
    expect(diffClientViews(next, current, 2).puts).toEqual(["contact/c"]);
  });
});
