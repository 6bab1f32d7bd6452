import { describe, expect, it } from "vitest";

import {
  ALLOWED_CONTENT_TYPES,
  MAX_FILE_BYTES,
  MAX_FILENAME_LENGTH,
  checkUploadCandidate,
  fileExtension,
  uploadCandidateErrors,
  uploadContentTypeFor,
} from "./file-rules";

const pdf = { filename: "report.pdf", contentType: "application/pdf", size: 1000 };

describe("checkUploadCandidate", () => {
  it("accepts a PDF", () => {
    expect(checkUploadCandidate(pdf)).toBeNull();
  });

  it("accepts a type with parameters", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "a.txt", contentType: "Text/Plain; charset=utf-8" })).toBeNull();
  });

  it("accepts exactly 25 MiB", () => {
    expect(checkUploadCandidate({ ...pdf, size: MAX_FILE_BYTES })).toBeNull();
  });

  it("rejects a file over 25 MiB", () => {
    expect(checkUploadCandidate({ ...pdf, size: MAX_FILE_BYTES + 1 })).toContain("at most 25 MiB");
  });

  it("rejects an empty file", () => {
    expect(checkUploadCandidate({ ...pdf, size: 0 })).toBe("The file is empty; upload a file that has content.");
  });

  it("rejects HTML", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "a.html", contentType: "text/html" })).toContain(
      "text/html is not accepted",
    );
  });

  it("rejects SVG", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "a.svg", contentType: "image/svg+xml" })).not.toBeNull();
  });

  it("rejects XML", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "a.xml", contentType: "application/xml" })).not.toBeNull();
  });

  it("rejects an extension that does not fit the type", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "a.exe" })).toBe(
      "The file name must end in .pdf for a file of type application/pdf.",
    );
  });

  it("rejects a name without an extension", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "report" })).not.toBeNull();
  });

  it("rejects a blank name", () => {
    expect(checkUploadCandidate({ ...pdf, filename: "  " })).toContain("The file name is required");
  });

  it("rejects a name that is too long", () => {
    const filename = `${"a".repeat(MAX_FILENAME_LENGTH)}.pdf`;
    expect(checkUploadCandidate({ ...pdf, filename })).toContain(`at most ${MAX_FILENAME_LENGTH} characters`);
  });

  it("accepts a vCard", () => {
    expect(checkUploadCandidate({ filename: "people.vcf", contentType: "text/vcard", size: 10 })).toBeNull();
  });
});

describe("uploadCandidateErrors", () => {
  it("is empty for an accepted file", () => {
    expect(uploadCandidateErrors(pdf)).toEqual({});
  });

  it("keys a bad type by contentType", () => {
    expect(Object.keys(uploadCandidateErrors({ ...pdf, contentType: "text/html" }))).toEqual(["contentType"]);
  });

  it("keys a wrong extension by filename", () => {
    expect(Object.keys(uploadCandidateErrors({ ...pdf, filename: "a.html" }))).toEqual(["filename"]);
  });

  it("keys a large file by size", () => {
    expect(Object.keys(uploadCandidateErrors({ ...pdf, size: MAX_FILE_BYTES + 1 }))).toEqual(["size"]);
  });
});

describe("uploadContentTypeFor", () => {
  it("keeps a declared type", () => {
    expect(uploadContentTypeFor("a.pdf", "application/pdf")).toBe("application/pdf");
  });

  it("infers the type of an untyped file", () => {
    expect(uploadContentTypeFor("notes.md", "")).toBe("text/markdown");
  });

  it("infers the type of an octet stream", () => {
    expect(uploadContentTypeFor("photo.JPG", "application/octet-stream")).toBe("image/jpeg");
  });

  it("leaves an unknown extension untyped", () => {
    expect(uploadContentTypeFor("tool.exe", "")).toBe("");
  });
});

describe("fileExtension", () => {
  it("lowercases the extension", () => {
    expect(fileExtension("A.PDF")).toBe("pdf");
  });

  it("takes the last extension", () => {
    expect(fileExtension("backup.tar.gz")).toBe("gz");
  });

  it("treats a leading dot as part of the name", () => {
    expect(fileExtension(".pdf")).toBe("");
  });
});

describe("ALLOWED_CONTENT_TYPES", () => {
  it("contains no markup types", () => {
    const markup = ALLOWED_CONTENT_TYPES.filter((type) => /\/(html|xhtml|svg|xml|javascript)\b|\+xml$/.test(type));
    expect(markup).toEqual([]);
  });
});
