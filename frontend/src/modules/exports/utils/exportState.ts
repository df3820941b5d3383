import type { ExportFileFieldsFragment } from "../../../generated/graphql";

/** Where an export stands for its owner: waiting, being written, ready to download, failed, or deleted by now. */
export type ExportState = "queued" | "running" | "ready" | "failed" | "expired";

/** The state My exports shows: a finished file past its `expiresAt` is gone even before the nightly purge. */
export const exportState = (file: Pick<ExportFileFieldsFragment, "status" | "ready" | "expiresAt">, now: number): ExportState => {
  if (file.status === "failed") return "failed";
  if (file.ready) return Date.parse(file.expiresAt) <= now ? "expired" : "ready";
  return file.status === "running" ? "running" : "queued";
};

/** True while the export-run job has yet to finish it (My exports polls meanwhile). */
export const exportPending = (file: Pick<ExportFileFieldsFragment, "status">): boolean =>
  file.status === "queued" || file.status === "running";

/** Where the server answers the file (`GET /exports/{id}`, the owner's session). */
export const exportDownloadPath = (id: string): string => `/exports/${encodeURIComponent(id)}`;
