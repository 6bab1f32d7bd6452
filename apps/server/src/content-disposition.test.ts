import { describe, expect, it } from "vitest";

import { attachmentDisposition } from "./content-disposition";

describe("attachmentDisposition", () => {
  it("keeps a plain name", () => {
    expect(attachmentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it("encodes a non-ASCII name in filename*", () => {
    expect(attachmentDisposition("Übersicht 2024.pdf")).toContain("filename*=UTF-8''%C3%9Cbersicht%202024.pdf");
  });

  it("gives an ASCII fallback for a non-ASCII name", () => {
    expect(attachmentDisposition("Übersicht.pdf")).toContain('filename="Ubersicht.pdf"');
  });

  it("replaces characters without an ASCII form", () => {
    expect(attachmentDisposition("報告.pdf")).toContain('filename="__.pdf"');
  });

  it("escapes quotes and semicolons", () => {
    const value = attachmentDisposition('a"; filename="evil.html');
    expect(value).toContain('filename="a_; filename=_evil.html"');
    expect(value).toContain("filename*=UTF-8''a%22%3B%20filename%3D%22evil.html");
  });

  it("percent-encodes RFC 8187 specials", () => {
    expect(attachmentDisposition("it's (1)*.txt")).toContain("filename*=UTF-8''it%27s%20%281%29%2A.txt");
  });
});
