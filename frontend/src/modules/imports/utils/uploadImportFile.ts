import type { ImportKindKey } from "./importKinds";

/** The largest file the server takes (`POST /imports`). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A sheet of the upload as `POST /imports` answers it. */
export type UploadedSheet = { name: string; headers: string[]; rows: number };

/** What an upload gave: the import's id and sheets, or the server's reason (in the language asked for). */
export type UploadOutcome = { ok: true; id: string; sheets: UploadedSheet[] } | { ok: false; status: number; error: string | null };

/** The content type the server takes for a file: the file's own when it is one, else by its extension. */
export const uploadContentType = (file: Pick<File, "name" | "type">): string => {
  if (file.type === "text/csv" || file.type === XLSX_TYPE) return file.type;
  const name = file.name.toLowerCase();
  if (name.endsWith(".csv")) return "text/csv";
  if (name.endsWith(".xlsx")) return XLSX_TYPE;
  return "application/octet-stream";
};

/** Where a file of a kind is sent. */
export const uploadPath = (kind: ImportKindKey): string => `/imports?kind=${encodeURIComponent(kind)}`;

/**
 * Send a file's bytes to `POST /imports?kind=` (same origin: the session cookie goes along). Only a file's own content
 * types are sent: the server refuses form types, which another site could post without a CORS preflight.
 */
export const uploadImportFile = async (file: File, language: string, kind: ImportKindKey, send: typeof fetch = fetch): Promise<UploadOutcome> => {
  let response: Response;
  try {
    response = await send(uploadPath(kind), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": uploadContentType(file), "X-Filename": encodeURIComponent(file.name), "Accept-Language": language },
      body: file,
    });
  } catch {
    return { ok: false, status: 0, error: null };
  }
  const answer = (await response.json().catch(() => null)) as { id?: string; sheets?: UploadedSheet[]; error?: string } | null;
  if (response.status === 201 && answer?.id) return { ok: true, id: answer.id, sheets: answer.sheets ?? [] };
  return { ok: false, status: response.status, error: answer?.error ?? null };
};
