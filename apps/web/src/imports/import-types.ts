import type { ApiClient } from "../session/api-client";

/** Shapes of the import procedures, as the server's router defines them. */
export type ImportRequest = Parameters<ApiClient["imports"]["preview"]["query"]>[0];
export type ImportOptions = NonNullable<ImportRequest["options"]>;
export type CsvColumnMapping = NonNullable<ImportOptions["csvMapping"]>;
export type ImportPreview = Awaited<ReturnType<ApiClient["imports"]["preview"]["query"]>>;
export type RecordPreview = ImportPreview["records"][number];
export type ImportIssue = ImportPreview["issues"][number];
export type ImportJob = Awaited<ReturnType<ApiClient["imports"]["status"]["query"]>>;
export type ImportReport = NonNullable<ImportJob["report"]>;
export type ImportFormat = ImportPreview["format"];
