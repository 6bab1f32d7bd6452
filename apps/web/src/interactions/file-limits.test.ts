import { describe, expect, it } from "vitest";

import { FILE_SIZE_MAX, checkFiles, uploadContentType } from "./file-limits";

function file(name: string, type: string, size = 10): File {
  const blob = new Blob([new Uint8Array(Math.min(size, 16))], { type });
  return Object.defineProperty(new File([blob], name, { type }), "size", { value: size });
}

describe("uploadContentType", () => {
  it("keeps a declared type", () => {
    expect(uploadContentType({ name: "a.pdf", type: "application/pdf" })).toBe("application/pdf");
  });

  it("infers the type from the extension", () => {
    expect(uploadContentType({ name: "notes.md", type: "" })).toBe("text/markdown");
  });
});

describe("checkFiles", () => {
  it("accepts a PDF", () => {
    expect(checkFiles([file("a.pdf", "application/pdf")], 0).problems).toEqual([]);
  });

  it("rejects SVG", () => {
    expect(checkFiles([file("a.svg", "image/svg+xml")], 0).accepted).toHaveLength(0);
  });

  it("rejects HTML", () => {
    expect(checkFiles([file("a.html", "text/html")], 0).accepted).toHaveLength(0);
  });

  it("rejects a type that does not fit the extension", () => {
    const result = checkFiles([file("a.exe", "application/pdf")], 0);
    expect(result.problems).toEqual(["a.exe: The file name must end in .pdf for a file of type application/pdf."]);
  });

  it("accepts an untyped file by its extension", () => {
    expect(checkFiles([file("notes.md", "")], 0).accepted).toHaveLength(1);
  });

  it("rejects an empty file", () => {
    expect(checkFiles([file("empty.pdf", "application/pdf", 0)], 0).accepted).toHaveLength(0);
  });

  it("rejects a file over 25 MiB", () => {
    const result = checkFiles([file("big.pdf", "application/pdf", FILE_SIZE_MAX + 1)], 0);
    expect(result.accepted).toHaveLength(0);
    expect(result.problems[0]).toContain("25 MiB");
  });

  it("keeps at most ten files", () => {
    const files = Array.from({ length: 4 }, (_, index) => file(`f${index}.pdf`, "application/pdf"));
    const result = checkFiles(files, 8);
    expect(result.accepted).toHaveLength(2);
    expect(result.problems[0]).toContain("At most 10 files");
  });
});
