import { App, Button, Card, Col, Flex, Grid, Row, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { rowTestIdProps } from "../../sales/utils/testIdProps";
import type { ModelRun } from "../utils/modelRuns";
import { runFigures } from "../utils/runFigures";
import { RunStatusTags } from "./RunStatusTags";

/** Why the run was or was not promoted (the server's note, in the reader's language). */
const RunNote = ({ run }: { run: ModelRun }) =>
  run.note ? (
    <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }} data-testid="run-note">
      {run.note}
    </Typography.Paragraph>
  ) : null;

type RunHistoryProps = {
  runs: readonly ModelRun[];
  totalCount: number;
  /** The id of the run in force (null when none of the loaded runs is promoted). */
  inForceId: string | null;
  hasNextPage: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<boolean>;
};

/** Every training of the model, newest first: promoted or not and why, its measures and duration; a table on a
 * wide screen, one card per run on a phone. */
export const RunHistory = ({ runs, totalCount, inForceId, hasNextPage, loadingMore, loadMore }: RunHistoryProps) => {
  const { t } = useTranslation("predictionModels");
  const format = useFormatters();
  const { message } = App.useApp();
  const wide = Boolean(Grid.useBreakpoint().md);
  const figures = (run: ModelRun) => runFigures(run, format);
  const vs = (value: string, baseline: string) => t("vsBaseline", { value, baseline });
  const sizes = (run: ModelRun) => `${format.number(run.trainRows)} / ${format.number(run.testRows)}`;
  const duration = (run: ModelRun) => t("durationSeconds", { seconds: figures(run).seconds });
  const more = async () => {
    if (!(await loadMore())) void message.error(t("history.loadMoreFailed"));
  };

  return (
    <Card
      size="small"
      title={t("history.title")}
      extra={<Typography.Text type="secondary" data-testid="history-total">{t("history.total", { count: totalCount })}</Typography.Text>}
      data-testid="run-history"
    >
      {wide ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: "max-content" }}
          dataSource={[...runs]}
          onRow={(run) => rowTestIdProps(`run-${run.id}`)}
          columns={[
            { title: t("history.trainedAt"), render: (_, run) => format.dateTime(run.trainedAt) },
            {
              // The verdict and the reason together, first: why a run was not promoted reads without scrolling.
              title: t("history.status"),
              width: 260,
              render: (_, run) => (
                <>
                  <RunStatusTags run={run} inForce={run.id === inForceId} />
                  <RunNote run={run} />
                </>
              ),
            },
            { title: t("history.auc"), render: (_, run) => vs(figures(run).auc, figures(run).baselineAuc), align: "right" },
            { title: t("history.precision"), render: (_, run) => figures(run).precision, align: "right" },
            { title: t("history.brier"), render: (_, run) => vs(figures(run).brier, figures(run).baselineBrier), align: "right" },
            { title: t("history.sizes"), render: (_, run) => sizes(run), align: "right" },
            { title: t("history.duration"), render: (_, run) => duration(run), align: "right" },
          ]}
        />
      ) : (
        <Flex vertical>
          {runs.map((run) => (
            <div key={run.id} data-testid={`run-${run.id}`} style={{ padding: "8px 0", borderBottom: "1px solid #f0f0f0" }}>
              <Flex justify="space-between" wrap gap={4}>
                <Typography.Text strong>{format.dateTime(run.trainedAt)}</Typography.Text>
                <RunStatusTags run={run} inForce={run.id === inForceId} />
              </Flex>
              <Row gutter={[8, 4]} style={{ marginTop: 4 }}>
                {[
                  [t("history.auc"), vs(figures(run).auc, figures(run).baselineAuc)],
                  [t("history.precision"), figures(run).precision],
                  [t("history.brier"), vs(figures(run).brier, figures(run).baselineBrier)],
                  [t("history.sizes"), sizes(run)],
                  [t("history.duration"), duration(run)],
                ].map(([label, value]) => (
                  <Col span={24} key={label}>
                    <Typography.Text type="secondary">{label}</Typography.Text> <Typography.Text>{value}</Typography.Text>
                  </Col>
                ))}
              </Row>
              <RunNote run={run} />
            </div>
          ))}
        </Flex>
      )}
      {hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void more()} loading={loadingMore} data-testid="history-load-more">
            {t("history.loadMore")}
          </Button>
        </Flex>
      )}
    </Card>
  );
};
