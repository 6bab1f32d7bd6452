import { MAX_FILE_BYTES } from "@crm/api";
import { describeEachDatabase } from "@crm/db/testing";
import type { FileRef } from "@crm/domain";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildTestApp, multipartBody, PDF_BYTES, signUpWorkspace, type UploadFile } from "../test/harness";
import type { ErrorResponse, UploadResponse } from "./file-routes";

describeEachDatabase("files", (getHandle) => {
  let app: FastifyInstance;
  let services: Awaited<ReturnType<typeof buildTestApp>>["services"];

  beforeAll(async () => {
    ({ app, services } = await buildTestApp(getHandle()));
  });

  afterAll(async () => {
    await app.close();
  });

  function upload(files: readonly UploadFile[], token?: string) {
    const { payload, headers } = multipartBody(files);
    return app.inject({
      method: "POST",
      url: "/files",
      headers: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
  }

  async function uploadOne(file: UploadFile, token: string): Promise<FileRef> {
    const response = await upload([file], token);
    expect(response.statusCode).toBe(201);
    const [ref] = response.json<UploadResponse>().files;
    return ref!;
  }

  describe("POST /files", () => {
    it("stages a PDF", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await upload([{ filename: "offer.pdf", contentType: "application/pdf", data: PDF_BYTES }], token);

      expect(response.statusCode).toBe(201);
      const { files } = response.json<UploadResponse>();
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({ filename: "offer.pdf", contentType: "application/pdf", size: PDF_BYTES.length });
    });

    it("stages several files in one upload", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await upload(
        [
          { filename: "offer.pdf", contentType: "application/pdf", data: PDF_BYTES },
          { filename: "notes.txt", contentType: "text/plain", data: "call back on Monday" },
        ],
        token,
      );

      expect(response.statusCode).toBe(201);
      expect(response.json<UploadResponse>().files.map((file) => file.filename)).toEqual(["offer.pdf", "notes.txt"]);
    });

    it("rejects 25 MiB + 1 byte with 413", async () => {
      const { token } = await signUpWorkspace(services);
      const data = new Uint8Array(MAX_FILE_BYTES + 1);
      const response = await upload([{ filename: "huge.zip", contentType: "application/zip", data }], token);

      expect(response.statusCode).toBe(413);
      expect(response.json<ErrorResponse>().error).toContain('"huge.zip"');
    });

    it.each([
      ["page.html", "text/html", "<html><body>hi</body></html>"],
      ["logo.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg"/>'],
      ["feed.xml", "application/xml", "<?xml version='1.0'?><feed/>"],
    ])("rejects %s (%s) with 415", async (filename, contentType, data) => {
      const { token } = await signUpWorkspace(services);
      const response = await upload([{ filename, contentType, data }], token);

      expect(response.statusCode).toBe(415);
      expect(response.json<ErrorResponse>().error).toContain(`"${filename}"`);
      expect(response.json<ErrorResponse>().error).toContain(contentType);
    });

    it("rejects .html sent as text/plain", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await upload([{ filename: "page.html", contentType: "text/plain", data: "hello" }], token);

      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorResponse>().error).toContain('"page.html"');
      expect(response.json<ErrorResponse>().fieldErrors).toHaveProperty("filename");
    });

    it("rejects markup sent as text", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await upload([{ filename: "notes.txt", contentType: "text/plain", data: "<script>alert(1)</script>" }], token);
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorResponse>().fieldErrors).toHaveProperty("data");
    });

    it("rejects an upload without session", async () => {
      const response = await upload([{ filename: "offer.pdf", contentType: "application/pdf", data: PDF_BYTES }]);
      expect(response.statusCode).toBe(401);
    });

    it("rejects a non-multipart body", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await app.inject({
        method: "POST",
        url: "/files",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        payload: "{}",
      });
      expect(response.statusCode).toBe(415);
    });

    it("rejects more than 10 files", async () => {
      const { token } = await signUpWorkspace(services);
      const files = Array.from({ length: 11 }, (_, index) => ({
        filename: `note-${index}.txt`,
        contentType: "text/plain",
        data: "x",
      }));
      const response = await upload(files, token);
      expect(response.statusCode).toBe(413);
    });
  });

  describe("GET /files/:id", () => {
    it("serves an attachment with safe headers", async () => {
      const { token } = await signUpWorkspace(services);
      const ref = await uploadOne({ filename: "Angebot März.pdf", contentType: "application/pdf", data: PDF_BYTES }, token);

      const response = await app.inject({ method: "GET", url: `/files/${ref.id}`, headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toBe(
        `attachment; filename="Angebot Marz.pdf"; filename*=UTF-8''Angebot%20M%C3%A4rz.pdf`,
      );
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["cache-control"]).toBe("private");
      expect(response.body).toBe(PDF_BYTES);
    });

    it("hides another workspace's file", async () => {
      const owner = await signUpWorkspace(services, "Owner");
      const stranger = await signUpWorkspace(services, "Stranger");
      const ref = await uploadOne({ filename: "offer.pdf", contentType: "application/pdf", data: PDF_BYTES }, owner.token);

      const response = await app.inject({
        method: "GET",
        url: `/files/${ref.id}`,
        headers: { authorization: `Bearer ${stranger.token}` },
      });
      expect(response.statusCode).toBe(404);
    });

    it("returns 404 for a malformed id", async () => {
      const { token } = await signUpWorkspace(services);
      const response = await app.inject({ method: "GET", url: "/files/not-a-uuid", headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(404);
    });

    it("rejects a download without session", async () => {
      const { token } = await signUpWorkspace(services);
      const ref = await uploadOne({ filename: "offer.pdf", contentType: "application/pdf", data: PDF_BYTES }, token);
      const response = await app.inject({ method: "GET", url: `/files/${ref.id}` });
      expect(response.statusCode).toBe(401);
    });
  });
});
