export { importFile, PROGRESS_INTERVAL, type ImportFileInput, type ImportProgress, type ProgressListener } from "./import-file";
export {
  ABANDONED_IMPORT_JOB_ERROR,
  failAbandonedImportJobs,
  getImportJob,
  importRequestSchema,
  previewFileImport,
  startImportJob,
  waitForImportJobs,
  type ImportJob,
  type ImportRequest,
} from "./import-jobs";
export {
  detectImportFormat,
  IMPORT_FORMATS,
  importFormatSchema,
  importOptionsSchema,
  type ImportOptions,
} from "./import-options";
export { importReportSchema, type ImportCounts, type ImportReport } from "./import-report";
export {
  previewImport,
  PREVIEW_RECORD_COUNT,
  type ContactPreview,
  type EventPreview,
  type ImportPreview,
  type RecordPreview,
} from "./preview-import";
