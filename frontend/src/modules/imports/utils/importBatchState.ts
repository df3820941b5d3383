import type { ImportBatchFieldsFragment } from "../../../generated/graphql";

/** Where an import stands: uploaded (not started), queued, running, done, failed, undone. */
export type ImportStatus = "uploaded" | "queued" | "running" | "done" | "failed" | "undone";

export const IMPORT_STATUSES: readonly ImportStatus[] = ["uploaded", "queued", "running", "done", "failed", "undone"];

/** The status as the page knows it (an unknown one reads as uploaded). */
export const importStatus = (batch: Pick<ImportBatchFieldsFragment, "status">): ImportStatus =>
  (IMPORT_STATUSES as readonly string[]).includes(batch.status) ? (batch.status as ImportStatus) : "uploaded";

/** True while the import-run job has yet to finish it (the page polls meanwhile). */
export const importPending = (batch: Pick<ImportBatchFieldsFragment, "status">): boolean =>
  batch.status === "queued" || batch.status === "running";

/** True while a finished import can still be undone. */
export const importUndoable = (batch: Pick<ImportBatchFieldsFragment, "status" | "undoUntil">, now: number): boolean =>
  batch.status === "done" && batch.undoUntil != null && Date.parse(batch.undoUntil) > now;

/** Share of the rows handled, 0 to 100. */
export const importPercent = (batch: Pick<ImportBatchFieldsFragment, "done" | "total">): number =>
  batch.total > 0 ? Math.min(100, Math.floor((batch.done / batch.total) * 100)) : 0;

/** Where the server answers the rows that were not imported, as CSV (`GET /imports/{id}/rejected`). */
export const rejectedRowsPath = (id: string): string => `/imports/${encodeURIComponent(id)}/rejected`;
