import { BarChartOutlined, TableOutlined } from "@ant-design/icons";
import { Card, Empty, Segmented, Table } from "antd";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import type { ChartOption } from "../echarts/echarts";
import type { ChartClick } from "../types/ChartClick";
import type { ChartTable } from "../types/ChartTable";
import { DrillLink } from "./DrillLink";
import { LazyEChart } from "./LazyEChart";

type ChartPanelProps = {
  /** Prefix of the panel's test ids: `<testId>` (card), `-chart`, `-table`, `-view-table`, `-drill-<row>`. */
  testId: string;
  title: string;
  option: ChartOption;
  table: ChartTable;
  /** The table row a click on the chart stands for (default: the clicked item's index); it leads where the row's
   * link does, so the chart and its table always drill to the same lists. */
  rowOfClick?: (click: ChartClick) => number | null;
  height?: number;
  /** Shown above the chart or table (figures, a note). */
  summary?: ReactNode;
};

type View = "chart" | "table";

/** A dashboard card: a chart, or the same figures as a table; clicking an item opens the matching list. */
export const ChartPanel = ({ testId, title, option, table, rowOfClick, height = 300, summary }: ChartPanelProps) => {
  const { t } = useTranslation("dashboards");
  const navigate = useNavigate();
  const [view, setView] = useState<View>("chart");
  const drillable = table.rows.some((row) => row.drillTo !== null);

  const onItemClick = useCallback(
    (click: ChartClick) => {
      const row = rowOfClick ? rowOfClick(click) : click.dataIndex;
      const target = row === null ? null : (table.rows[row]?.drillTo ?? null);
      if (target) void navigate(target);
    },
    [rowOfClick, navigate, table.rows],
  );

  const columns = useMemo(
    () => [
      {
        key: "label",
        title: table.columns[0] ?? "",
        render: (_: unknown, row: ChartTable["rows"][number], index: number) =>
          row.drillTo && row.drillCount !== undefined ? (
            <DrillLink to={row.drillTo} count={row.drillCount} testId={`${testId}-drill-${index}`}>
              {row.label}
            </DrillLink>
          ) : row.drillTo ? (
            <Link to={row.drillTo} data-testid={`${testId}-drill-${index}`}>
              {row.label}
            </Link>
          ) : (
            row.label
          ),
      },
      ...table.columns.slice(1).map((column, index) => ({
        key: `value-${index}`,
        title: column,
        align: "right" as const,
        render: (_: unknown, row: ChartTable["rows"][number]) => row.values[index] ?? "—",
      })),
    ],
    [table.columns, testId],
  );

  const empty = table.rows.length === 0;
  return (
    <Card
      title={title}
      size="small"
      data-testid={testId}
      extra={
        empty ? null : (
          <Segmented<View>
            size="small"
            value={view}
            onChange={setView}
            aria-label={t("view.label")}
            options={[
              { value: "chart", icon: <BarChartOutlined />, label: <span data-testid={`${testId}-view-chart`}>{t("view.chart")}</span> },
              { value: "table", icon: <TableOutlined />, label: <span data-testid={`${testId}-view-table`}>{t("view.table")}</span> },
            ]}
          />
        )
      }
    >
      {summary}
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noData")} style={{ minHeight: height / 2 }} />
      ) : view === "chart" ? (
        <LazyEChart
          option={option}
          height={height}
          onItemClick={drillable ? onItemClick : undefined}
          testId={`${testId}-chart`}
        />
      ) : (
        <Table
          scroll={{ x: "max-content" }}
          data-testid={`${testId}-table`}
          size="small"
          rowKey="key"
          pagination={table.rows.length > 10 ? { pageSize: 10, size: "small" } : false}
          columns={columns}
          dataSource={[...table.rows]}
        />
      )}
    </Card>
  );
};
