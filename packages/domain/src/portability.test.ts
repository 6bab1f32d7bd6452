import { describe, expect, it } from "vitest";

declare global {
  interface ImportMeta {
    glob(pattern: string, options: { query: "?raw"; import: "default"; eager: true }): Record<string, string>;
  }
}

// The package must run unchanged in browsers, Node and React Native.
// Comments may name what is avoided; only code counts.
const sources = Object.entries(
  import.meta.glob("./**/*.ts", { query: "?raw", import: "default", eager: true }),
)
  .filter(([path]) => !path.endsWith(".test.ts"))
  .map(([path, text]) => [path, withoutComments(text)] as const);

const forbidden: readonly [string, RegExp][] = [
  ["a node: import", /from\s+["']node:|import\(\s*["']node:|require\(/],
  ["process", /\bprocess\./],
  ["Buffer", /\bBuffer\b/],
  ["window", /\bwindow\./],
  ["document", /\bdocument\./],
  ["btoa or atob", /\b(?:btoa|atob)\(/],
  ["TextEncoder or TextDecoder", /\bText(?:En|De)coder\b/],
  ["crypto", /\bcrypto\./],
];

describe("portability", () => {
  it("finds the sources", () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each(forbidden)("no source uses %s", (_name, pattern) => {
    const offenders = sources.filter(([, text]) => pattern.test(text)).map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}
