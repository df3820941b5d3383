import type { Viewer } from "../../auth/types/Viewer";
import type { ImportBatchFieldsFragment } from "../../../generated/graphql";
import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";

/** The viewer, who may also import customer files (a sales manager's import roots). */
export const withImports = (viewer: Viewer): Viewer => ({
  ...viewer,
  permissions: {
    __typename: "Permissions",
    isAdmin: false,
    scopes: viewer.permissions?.scopes ?? [],
    fields: [
      ...(viewer.permissions?.fields ?? []),
      ...["importBatches", "importFile", "importTemplates"].map((field) => ({ __typename: "FieldPermission" as const, type: "Query", field, access: "READ" as const })),
      ...["importPreview", "importStart", "importUndo", "importTemplateSave", "importTemplateDelete"].map((field) => ({
        __typename: "FieldPermission" as const,
        type: "Mutation",
        field,
        access: "WRITE" as const,
      })),
    ],
  },
});

export const BATCH_ID = "SW1wb3J0QmF0Y2g6MQ";
export const HEADERS = ["客户编号", "客户名称", "客户等级", "联系人手机", "备注"];

/** `importFile` of the test workbook: one sheet 客户, its suggested columns (备注 left out). */
export const importFileResponse = (): FakeGraphqlResponse => ({
  data: {
    importFile: {
      __typename: "ImportFile",
      batch: { __typename: "ImportBatch", id: BATCH_ID, filename: "customers.xlsx", status: "uploaded", total: 4 },
      encoding: null,
      delimiter: null,
      sheets: [
        {
          __typename: "ImportSheet",
          name: "客户",
          headers: HEADERS,
          rowCount: 4,
          sample: [
            ["K-001", "上海云杉贸易有限公司", "重要客户", "13912345678", ""],
            ["K-002", "杭州青松茶业", "普通客户", "+86 139-0000-1111", ""],
            ["K-003", "", "普通客户", "13700000000", "缺名称"],
            ["K-004", "北京百川科技", "VIP", "13812345678", ""],
          ],
          suggested: [
            { __typename: "ImportColumn", header: "客户编号", target: "externalId" },
            { __typename: "ImportColumn", header: "客户名称", target: "name" },
            { __typename: "ImportColumn", header: "客户等级", target: "grade" },
            { __typename: "ImportColumn", header: "联系人手机", target: "contactPhone" },
            { __typename: "ImportColumn", header: "备注", target: null },
          ],
          columnValues: (
            [
              ["客户编号", ["K-001", "K-002", "K-003", "K-004"]],
              ["客户名称", ["上海云杉贸易有限公司", "杭州青松茶业", "北京百川科技"]],
              ["客户等级", ["重要客户", "普通客户", "VIP"]],
              ["联系人手机", ["13912345678", "+86 139-0000-1111", "13700000000", "13812345678"]],
              ["备注", ["缺名称"]],
            ] as const
          ).map(([header, values]) => ({ __typename: "ImportColumnValues" as const, header, values: [...values], distinct: values.length })),
        },
      ],
      targets: [
        ["name", true, false],
        ["externalId", false, false],
        ["grade", false, false],
        ["status", false, false],
        ["contactPhone", false, true],
        ["tags", false, true],
      ].map(([key, required, many]) => ({ __typename: "ImportTarget", key, required, many })),
    },
  },
});

/** An import as `ImportBatchFields` selects it: uploaded now. */
export const importBatch = (overrides: Partial<ImportBatchFieldsFragment> = {}): ImportBatchFieldsFragment & { __typename: "ImportBatch" } => ({
  __typename: "ImportBatch",
  id: BATCH_ID,
  kind: "customers",
  filename: "customers.xlsx",
  sheet: "客户",
  status: "uploaded",
  strategy: "skip",
  total: 4,
  done: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  rejected: 0,
  createdAt: "2026-03-02T09:00:00+08:00",
  finishedAt: null,
  undoneAt: null,
  undoUntil: null,
  error: null,
  ...overrides,
});

export const importBatchesResponse = (batches: ImportBatchFieldsFragment[]): FakeGraphqlResponse => ({
  data: { importBatches: batches.map((batch) => ({ ...batch, __typename: "ImportBatch" })) },
});

export const importPreviewResponse = (): FakeGraphqlResponse => ({
  data: {
    importPreview: {
      __typename: "ImportPreviewPayload",
      batch: importBatch(),
      counts: { __typename: "ImportCounts", create: 2, update: 1, skip: 0, conflict: 0, reject: 1 },
      rows: [
        {
          __typename: "ImportRowPreview",
          row: 4,
          action: "REJECT",
          matchKey: null,
          matchValue: null,
          matchedRow: null,
          reason: null,
          problems: [
            { __typename: "ImportProblem", column: "客户名称", message: "Give the customer a name." },
            { __typename: "ImportProblem", column: "联系人手机", message: "12345 is not a phone number." },
          ],
        },
        {
          __typename: "ImportRowPreview",
          row: 5,
          action: "UPDATE",
          matchKey: "phone",
          matchValue: "+8613812345678",
          matchedRow: null,
          reason: "Matches a customer by phone.",
          problems: [],
        },
      ],
      userErrors: [],
    },
  },
});

export const importStartResponse = (): FakeGraphqlResponse => ({
  data: { importStart: { __typename: "ImportBatchPayload", batch: importBatch({ status: "queued" }), userErrors: [] } },
});

export const importUndoResponse = (): FakeGraphqlResponse => ({
  data: {
    importUndo: {
      __typename: "ImportBatchPayload",
      batch: importBatch({ status: "undone", undoneAt: "2026-03-02T10:00:00+08:00" }),
      removed: 2,
      restored: 1,
      kept: 0,
      userErrors: [],
    },
  },
});

export const ORDER_HEADERS = ["订单编号", "客户编号", "下单日期", "订单状态", "金额"];

/** `importFile` of an orders CSV: its suggested columns and the order fields to fill. */
export const ordersFileResponse = (): FakeGraphqlResponse => ({
  data: {
    importFile: {
      __typename: "ImportFile",
      batch: { __typename: "ImportBatch", id: BATCH_ID, filename: "orders.csv", status: "uploaded", total: 3 },
      encoding: "utf-8",
      delimiter: ",",
      sheets: [
        {
          __typename: "ImportSheet",
          name: "orders.csv",
          headers: ORDER_HEADERS,
          rowCount: 3,
          sample: [
            ["SO-1", "K-001", "2026-03-01", "已完成", "199.5"],
            ["SO-1", "K-001", "2026-03-01", "已完成", "199.5"],
            ["SO-2", "K-404", "2026-03-02", "交易关闭", "20"],
          ],
          suggested: [
            { __typename: "ImportColumn", header: "订单编号", target: "externalId" },
            { __typename: "ImportColumn", header: "客户编号", target: "customerExternalId" },
            { __typename: "ImportColumn", header: "下单日期", target: "orderedAt" },
            { __typename: "ImportColumn", header: "订单状态", target: "status" },
            { __typename: "ImportColumn", header: "金额", target: "totalAmount" },
          ],
          columnValues: (
            [
              ["订单编号", ["SO-1", "SO-2"]],
              ["客户编号", ["K-001", "K-404"]],
              ["下单日期", ["2026-03-01", "2026-03-02"]],
              ["订单状态", ["已完成", "交易关闭"]],
              ["金额", ["199.5", "20"]],
            ] as const
          ).map(([header, values]) => ({ __typename: "ImportColumnValues" as const, header, values: [...values], distinct: values.length })),
        },
      ],
      targets: [
        ["externalId", true, false],
        ["customerExternalId", true, false],
        ["orderedAt", true, false],
        ["totalAmount", false, false],
        ["status", false, false],
        ["channel", false, false],
      ].map(([key, required, many]) => ({ __typename: "ImportTarget", key, required, many })),
    },
  },
});

/** `importPreview` of the orders CSV: one order created, one rejected (an unknown customer). */
export const ordersPreviewResponse = (): FakeGraphqlResponse => ({
  data: {
    importPreview: {
      __typename: "ImportPreviewPayload",
      batch: importBatch({ kind: "orders", filename: "orders.csv", sheet: "orders.csv", total: 3 }),
      counts: { __typename: "ImportCounts", create: 1, update: 0, skip: 0, conflict: 0, reject: 1 },
      rows: [
        {
          __typename: "ImportRowPreview",
          row: 4,
          action: "REJECT",
          matchKey: null,
          matchValue: null,
          matchedRow: null,
          reason: null,
          problems: [{ __typename: "ImportProblem", column: "客户编号", message: "No customer you can see has that external id." }],
        },
      ],
      userErrors: [],
    },
  },
});
