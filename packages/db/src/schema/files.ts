import { sql } from "drizzle-orm";
import { customType, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, workspaceIdColumn } from "./columns";
import { interactions } from "./interactions";
import { users } from "./users";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** An uploaded file. interaction_id stays null while the file is staged, before its interaction is created. */
export const files = pgTable(
  "files",
  {
    id: idColumn(),
    workspaceId: workspaceIdColumn(),
    interactionId: uuid("interaction_id").references(() => interactions.id, { onDelete: "cascade" }),
    uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index("files_interaction_idx").on(t.interactionId),
    index("files_workspace_idx").on(t.workspaceId),
    index("files_uploaded_by_user_idx").on(t.uploadedByUserId),
    index("files_staged_created_at_idx").on(t.createdAt).where(sql`${t.interactionId} is null`),
  ],
);

/** File bytes live in the database so that every server process can serve them. */
export const fileContents = pgTable(
  "file_contents",
  {
    fileId: uuid("file_id")
      .primaryKey()
      .references(() => files.id, { onDelete: "cascade" }),
    workspaceId: workspaceIdColumn(),
    data: bytea("data").notNull(),
  },
  (t) => [index("file_contents_workspace_idx").on(t.workspaceId)],
);
