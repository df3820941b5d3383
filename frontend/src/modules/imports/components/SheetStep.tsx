import { Descriptions, Flex, Radio, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { ImportFileQuery } from "../../../generated/graphql";

type SheetStepProps = {
  file: ImportFileQuery["importFile"];
  sheet: string | null;
  onSheet: (name: string) => void;
};

const DELIMITERS: Record<string, "comma" | "semicolon" | "tab" | "pipe"> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

/** Step 2: pick the sheet (a CSV has one); what was detected and the sheet's first rows. */
export const SheetStep = ({ file, sheet, onSheet }: SheetStepProps) => {
  const { t } = useTranslation();
  const chosen = file.sheets.find((s) => s.name === sheet) ?? file.sheets[0];
  const delimiter = file.delimiter == null ? null : DELIMITERS[file.delimiter];
  return (
    <Flex vertical gap={16} data-testid="import-sheet">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: "file", label: t("imports.sheet.file"), children: <>{file.batch.filename}</> },
          { key: "encoding", label: t("imports.sheet.encoding"), children: file.encoding ?? t("imports.sheet.xlsx") },
          ...(file.delimiter == null
            ? []
            : [{ key: "delimiter", label: t("imports.sheet.delimiter"), children: delimiter ? t(`imports.sheet.delimiters.${delimiter}`) : file.delimiter }]),
        ]}
        data-testid="import-detected"
      />
      <Radio.Group
        value={chosen?.name}
        onChange={(event) => onSheet(event.target.value as string)}
        aria-label={t("imports.sheet.pick")}
        data-testid="import-sheets"
        style={{ display: "flex", flexDirection: "column", gap: 8 }}
        options={file.sheets.map((s) => ({
          value: s.name,
          label: t("imports.sheet.option", { name: s.name, count: s.rowCount, columns: s.headers.length }),
        }))}
      />
      {chosen && (
        <>
          <Typography.Text strong>{t("imports.sheet.firstRows", { name: chosen.name })}</Typography.Text>
          <Table<{ key: number; cells: string[] }>
            size="small"
            pagination={false}
            scroll={{ x: "max-content" }}
            dataSource={chosen.sample.map((cells, index) => ({ key: index, cells }))}
            columns={chosen.headers.map((header, index) => ({
              key: `${index}`,
              title: header,
              render: (_: unknown, row: { cells: string[] }) => row.cells[index] ?? "",
            }))}
            data-testid="import-sample"
          />
        </>
      )}
    </Flex>
  );
};
