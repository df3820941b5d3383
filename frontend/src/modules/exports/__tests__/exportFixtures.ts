import type { Viewer } from "../../auth/types/Viewer";
import type { ExportFileFieldsFragment } from "../../../generated/graphql";
import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";

/** The viewer, who may also export lists and follow their exports (every staff role may). */
export const withExports = (viewer: Viewer): Viewer => ({
  ...viewer,
  permissions: {
    __typename: "Permissions",
    isAdmin: false,
    scopes: viewer.permissions?.scopes ?? [],
    fields: [
      ...(viewer.permissions?.fields ?? []),
      { __typename: "FieldPermission", type: "Mutation", field: "exportStart", access: "WRITE" },
      { __typename: "FieldPermission", type: "Query", field: "myExports", access: "READ" },
    ],
  },
});

export const EXPORT_ID = "RXhwb3J0RmlsZTox";

/** An export as `ExportFileFields` selects it: queued now, kept a week. */
export const exportFile = (overrides: Partial<ExportFileFieldsFragment> = {}): ExportFileFieldsFragment & { __typename: "ExportFile" } => ({
  __typename: "ExportFile",
  id: EXPORT_ID,
  list: "CUSTOMERS",
  format: "XLSX",
  status: "queued",
  rows: 0,
  filename: null,
  createdAt: "2026-03-02T09:00:00+08:00",
  finishedAt: null,
  expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  ready: false,
  error: null,
  ...overrides,
});

export const myExportsResponse = (files: ExportFileFieldsFragment[]): FakeGraphqlResponse => ({
  data: { myExports: files.map((file) => ({ ...file, __typename: "ExportFile" })) },
});

export const exportStartResponse = (
  file: ExportFileFieldsFragment | null,
  userErrors: Array<{ field: string | null; message: string; code: string }> = [],
): FakeGraphqlResponse => ({
  data: {
    exportStart: {
      __typename: "ExportStartPayload",
      export: file && { ...file, __typename: "ExportFile" },
      userErrors: userErrors.map((userError) => ({ __typename: "UserError", ...userError })),
    },
  },
});
