import { createHash } from "node:crypto";

import { fileContents, files, runInTransaction } from "@crm/db";
import { describeEachDatabase } from "@crm/db/testing";
import { MAX_FILE_BYTES } from "@crm/domain";
import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { expect, test } from "vitest";

import { createTestServices, createTestWorkspace, type TestServices, type TestWorkspace } from "../../test/harness";
import { rejectionOf } from "../../test/rejection";
import type { Actor } from "../context";
import {
  attachFiles,
  readFile,
  removeStaleStagedFiles,
  STAGED_FILE_LIFETIME_MS,
  stageFile,
  type StageFileInput,
} from "./files";

const text = (content: string) => new TextEncoder().encode(content);
const notes: StageFileInput = { filename: "notes.txt", contentType: "text/plain", data: text("call notes") };

describeEachDatabase("files", (getHandle) => {
  async function setUp() {
    const services = createTestServices(getHandle());
    const workspace = await createTestWorkspace(services);
    return { services, workspace };
  }

  async function createInteraction(workspace: TestWorkspace): Promise<string> {
    const contact = await workspace.asMember.contacts.create({ name: "Ada" });
    const interaction = await workspace.asMember.interactions.create({ interaction: { contactId: contact.id } });
    return interaction.id;
  }

  async function attach(services: TestServices, actor: Actor, interactionId: string, fileIds: readonly string[]) {
    return runInTransaction(services.db, (tx) => attachFiles(tx, actor, interactionId, fileIds));
  }

  test("stage stores bytes and hash", async () => {
    const { services, workspace } = await setUp();

    const ref = await stageFile(services, workspace.member, { ...notes, contentType: "Text/Plain; charset=utf-8" });
    const [row] = await services.db.select().from(files).where(eq(files.id, ref.id));
    const read = await readFile(services, workspace.member, ref.id);

    expect(ref).toEqual({ id: ref.id, filename: "notes.txt", contentType: "text/plain", size: 10 });
    expect(row?.interactionId).toBeNull();
    expect(row?.sha256).toBe(createHash("sha256").update("call notes").digest("hex"));
    expect(new TextDecoder().decode(read?.data)).toBe("call notes");
  });

  test("stage keeps only the last path segment", async () => {
    const { services, workspace } = await setUp();

    const ref = await stageFile(services, workspace.member, { ...notes, filename: "..\\..\\secret/notes\r\n.txt" });

    expect(ref.filename).toBe("notes.txt");
  });

  test("file over size limit", async () => {
    const { services, workspace } = await setUp();

    const rejection = await rejectionOf(
      stageFile(services, workspace.member, { ...notes, data: new Uint8Array(MAX_FILE_BYTES + 1) }),
    );

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors)).toEqual(["data"]);
    expect(await services.db.select().from(files)).toEqual([]);
  });

  test("empty file", async () => {
    const { services, workspace } = await setUp();

    const rejection = await rejectionOf(stageFile(services, workspace.member, { ...notes, data: new Uint8Array(0) }));

    expect(Object.keys(rejection.fieldErrors)).toEqual(["data"]);
    expect(rejection.fieldErrors.data).toEqual(["is empty; upload a file that has content"]);
  });

  test("content types outside allowlist", async () => {
    const { services, workspace } = await setUp();
    const rejected = [
      { filename: "page.html", contentType: "text/html" },
      { filename: "logo.svg", contentType: "image/svg+xml" },
      { filename: "feed.xml", contentType: "application/xml" },
      { filename: "app.js", contentType: "text/javascript" },
      { filename: "blob.bin", contentType: "application/octet-stream" },
    ];

    for (const upload of rejected) {
      const rejection = await rejectionOf(stageFile(services, workspace.member, { ...upload, data: text("x") }));
      expect(rejection.fieldErrors.contentType, upload.contentType).toHaveLength(1);
    }
    expect(await services.db.select().from(files)).toEqual([]);
  });

  test("extension must fit content type", async () => {
    const { services, workspace } = await setUp();

    const html = await rejectionOf(stageFile(services, workspace.member, { ...notes, filename: "page.html" }));
    const none = await rejectionOf(stageFile(services, workspace.member, { ...notes, filename: "notes" }));

    expect(Object.keys(html.fieldErrors)).toEqual(["filename"]);
    expect(Object.keys(none.fieldErrors)).toEqual(["filename"]);
  });

  test("markup disguised as text", async () => {
    const { services, workspace } = await setUp();
    const disguised = ["<html><script>alert(1)</script>", "  \n<svg onload=alert(1)>", "<?xml version='1.0'?>", "\uFEFF<!DOCTYPE html>"];

    for (const content of disguised) {
      const rejection = await rejectionOf(stageFile(services, workspace.member, { ...notes, data: text(content) }));
      expect(Object.keys(rejection.fieldErrors), content).toEqual(["data"]);
    }
    expect(await services.db.select().from(files)).toEqual([]);
  });

  test("markup in UTF-16 text", async () => {
    const { services, workspace } = await setUp();
    // "<html>" in UTF-16LE after a byte order mark.
    const utf16 = new Uint8Array([0xff, 0xfe, 0x3c, 0, 0x68, 0, 0x74, 0, 0x6d, 0, 0x6c, 0, 0x3e, 0]);

    const rejection = await rejectionOf(stageFile(services, workspace.member, { ...notes, data: utf16 }));

    expect(Object.keys(rejection.fieldErrors)).toEqual(["data"]);
  });

  test("text mentioning markup later is accepted", async () => {
    const { services, workspace } = await setUp();

    const ref = await stageFile(services, workspace.member, { ...notes, data: text("a < b, and <html> is a tag") });

    expect(ref.size).toBeGreaterThan(0);
  });

  test("read only within workspace", async () => {
    const { services, workspace } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    const ref = await stageFile(services, workspace.member, notes);

    expect(await readFile(services, other.member, ref.id)).toBeNull();
    expect(await readFile(services, other.admin, ref.id)).toBeNull();
    expect(await readFile(services, workspace.member, "not-an-id")).toBeNull();
    expect(await readFile(services, workspace.member, uuidv7())).toBeNull();
  });

  test("staged file readable only by uploader", async () => {
    const { services, workspace } = await setUp();
    const ref = await stageFile(services, workspace.member, notes);
    const interactionId = await createInteraction(workspace);

    const beforeAttach = await readFile(services, workspace.admin, ref.id);
    await attach(services, workspace.member, interactionId, [ref.id]);
    const afterAttach = await readFile(services, workspace.admin, ref.id);

    expect(beforeAttach).toBeNull();
    expect(afterAttach?.file.id).toBe(ref.id);
  });

  test("attach links staged files", async () => {
    const { services, workspace } = await setUp();
    const first = await stageFile(services, workspace.member, notes);
    const second = await stageFile(services, workspace.member, { ...notes, filename: "more.txt" });
    const interactionId = await createInteraction(workspace);

    const attached = await attach(services, workspace.member, interactionId, [second.id, first.id]);
    const interaction = await workspace.asMember.interactions.get({ id: interactionId });

    expect(attached.map((file) => file.id)).toEqual([second.id, first.id]);
    expect(interaction?.files.map((file) => file.id).sort()).toEqual([first.id, second.id].sort());
  });

  test("attach errors by index", async () => {
    const { services, workspace } = await setUp();
    const other = await createTestWorkspace(services, "Globex");
    const staged = await stageFile(services, workspace.member, notes);
    const foreign = await stageFile(services, other.member, notes);
    const attachedElsewhere = await stageFile(services, workspace.member, notes);
    await attach(services, workspace.member, await createInteraction(workspace), [attachedElsewhere.id]);
    const interactionId = await createInteraction(workspace);

    const rejection = await rejectionOf(
      attach(services, workspace.member, interactionId, [staged.id, uuidv7(), foreign.id, attachedElsewhere.id, staged.id]),
    );
    const [row] = await services.db.select().from(files).where(eq(files.id, staged.id));

    expect(rejection.code).toBe("BAD_REQUEST");
    expect(Object.keys(rejection.fieldErrors).sort()).toEqual(["fileIds.1", "fileIds.2", "fileIds.3", "fileIds.4"]);
    expect(rejection.fieldErrors["fileIds.4"]).toEqual(["lists the same file as fileIds.0"]);
    expect(row?.interactionId).toBeNull();
  });

  test("attach more than ten files", async () => {
    const { services, workspace } = await setUp();
    const interactionId = await createInteraction(workspace);
    const ids: string[] = [];
    for (let index = 0; index < 11; index += 1) ids.push((await stageFile(services, workspace.member, notes)).id);

    const rejection = await rejectionOf(attach(services, workspace.member, interactionId, ids));

    expect(Object.keys(rejection.fieldErrors)).toEqual(["fileIds.10"]);
    expect(await services.db.select().from(files).where(eq(files.interactionId, interactionId))).toEqual([]);
  });

  test("stale staged files removed", async () => {
    const { services, workspace } = await setUp();
    const dayAgo = new Date(Date.now() - STAGED_FILE_LIFETIME_MS - 60_000);
    const yesterday = { ...services, now: () => dayAgo };
    const stale = await stageFile(yesterday, workspace.member, notes);
    const staleButAttached = await stageFile(yesterday, workspace.member, notes);
    await attach(services, workspace.member, await createInteraction(workspace), [staleButAttached.id]);
    const fresh = await stageFile(services, workspace.member, notes);

    const removed = await removeStaleStagedFiles(services, new Date());
    const remaining = await services.db.select({ id: files.id }).from(files);
    const contents = await services.db.select({ fileId: fileContents.fileId }).from(fileContents);

    expect(removed).toBe(1);
    expect(remaining.map((row) => row.id).sort()).toEqual([staleButAttached.id, fresh.id].sort());
    expect(contents.map((row) => row.fileId)).not.toContain(stale.id);
  });

  test("deleting interaction deletes its files", async () => {
    const { services, workspace } = await setUp();
    const ref = await stageFile(services, workspace.member, notes);
    const contact = await workspace.asMember.contacts.create({ name: "Ada" });
    const interaction = await workspace.asMember.interactions.create({
      interaction: { contactId: contact.id },
      fileIds: [ref.id],
    });

    await workspace.asMember.interactions.delete({ id: interaction.id });

    expect(await services.db.select().from(files)).toEqual([]);
    expect(await services.db.select().from(fileContents)).toEqual([]);
  });
});
