import { Button, Card, Empty, Flex, InputNumber, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { JourneyDryRunMutation } from "../../../../generated/graphql";
import { useProblemText } from "../utils/useProblemText";
import { JOURNEY_DRY_RUN_MUTATION } from "../graphql/journeyDryRunMutation";
import type { JourneyGraph } from "../utils/journeyGraph";
import { choiceLabel } from "../utils/nodeSummary";

type Entry = NonNullable<JourneyDryRunMutation["journeyDryRun"]["entries"]>[number];

type DryRunPanelProps = {
  /** The saved journey (dry-run as saved), or null to dry-run the canvas's graph. */
  journeyId: string | null;
  graph: JourneyGraph;
  /** The dry run's error messages (they name nodes). */
  onErrors: (messages: string[]) => void;
  /** A node id as the reader knows the step (its kind in their language). */
  nodeLabel: (nodeId: string) => string;
};

/** Who would enter now, the way each would go and what they would receive; nothing is sent. */
export const DryRunPanel = ({ journeyId, graph, onErrors, nodeLabel }: DryRunPanelProps) => {
  const { t } = useTranslation("marketingFlows");
  const [limit, setLimit] = useState(20);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, dryRun] = useMutation(JOURNEY_DRY_RUN_MUTATION);
  const errorText = useProblemText();

  const run = async () => {
    setProblem(null);
    const result = await dryRun({ input: journeyId ? { id: journeyId, limit } : { graph, limit } });
    const payload = result.data?.journeyDryRun;
    const failure = errorText({ error: result.error, payload }, t("editor.actionFailed"));
    onErrors((payload?.userErrors ?? []).map((userError) => userError.message));
    if (failure) {
      setProblem(failure);
      setEntries(null);
      return;
    }
    setEntries(payload?.entries ?? []);
  };

  return (
    <Card size="small" title={t("dryRun.title")} data-testid="dry-run-panel">
      <Typography.Paragraph type="secondary">{t("dryRun.hint")}</Typography.Paragraph>
      <Flex gap={8} align="center" wrap>
        <span>{t("dryRun.limit")}</span>
        <InputNumber aria-label={t("dryRun.limit")} min={1} max={100} precision={0} value={limit} onChange={(value) => setLimit(value ?? 20)} />
        <Button data-testid="dry-run" loading={fetching} onClick={() => void run()}>
          {t("dryRun.run")}
        </Button>
      </Flex>
      {problem && (
        <Typography.Paragraph type="danger" data-testid="dry-run-problem">
          {problem}
        </Typography.Paragraph>
      )}
      {entries && entries.length === 0 && <Empty description={t("dryRun.none")} data-testid="dry-run-empty" />}
      {entries && entries.length > 0 && (
        <Table
          data-testid="dry-run-entries"
          size="small"
          rowKey={(entry) => entry.customer.id}
          dataSource={entries}
          pagination={false}
          scroll={{ x: "max-content" }}
          columns={[
            { title: t("dryRun.customer"), render: (_, entry) => entry.customer.name },
            { title: t("dryRun.path"), render: (_, entry) => entry.path.map(nodeLabel).join(" → ") },
            {
              title: t("dryRun.messages"),
              render: (_, entry) =>
                entry.messages.map((item, index) => (
                  <Tag key={index}>
                    {choiceLabel(t as never, "channelName", item.channel)}
                    {item.subject ? `: ${item.subject}` : ""}
                  </Tag>
                )),
            },
          ]}
        />
      )}
    </Card>
  );
};
