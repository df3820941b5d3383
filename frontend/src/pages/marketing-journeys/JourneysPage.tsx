import { PlusOutlined } from "@ant-design/icons";
import { MarketingFrame } from "../../modules/marketing/common/MarketingFrame";
import { Alert, Button, Card, Checkbox, Col, Flex, Result, Row, Spin, Table, Tag, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";

import { useMarketingFlowsStrings } from "../../i18n/useMarketingFlowsStrings";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { JourneyRetireActions, type RetireOutcome } from "../../modules/marketing/journeys/components/JourneyRetireActions";
import { JOURNEYS_QUERY } from "../../modules/marketing/journeys/graphql/journeysQuery";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";

// Refetched after a journey is created (an empty list names no type to watch). One object: a new one each render
// would make urql ask again and again.
const JOURNEY_LIST_CONTEXT = { additionalTypenames: ["Journey"] };

export const JOURNEYS_PAGE_SIZE = 20;

const STATUS_COLORS: Record<string, string> = { ACTIVE: "green", PAUSED: "orange", DRAFT: "default", ARCHIVED: "default" };

const JourneyList = () => {
  const { t } = useTranslation("marketingFlows");
  const format = useFormatters();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [showArchived, setShowArchived] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [messageApi, messageHolder] = message.useMessage();
  const pages = useCursorPages(showArchived ? "all" : "live");
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: JOURNEYS_QUERY,
    variables: { first: JOURNEYS_PAGE_SIZE, after: pages.after, includeArchived: showArchived },
    context: JOURNEY_LIST_CONTEXT,
  });
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  const journeys = data?.journeys.nodes ?? [];
  const retiring = ["journeyArchive", "journeyRestore", "journeyDelete"].some((name) => permissions.canMutate(name));
  const onDone = (outcome: RetireOutcome) => {
    void messageApi.success(t(`retire.${outcome.kind}`));
    // An archived journey leaves the default list and a deleted one every list: ask again rather than patch the page
    // (or, when that was the last row of a later page, show the page before it rather than an empty one).
    const leaves = outcome.kind === "deleted" || (outcome.kind === "archived" && !showArchived);
    if (leaves && journeys.length === 1 && pages.page > 1) pages.previous();
    else reexecute({ requestPolicy: "network-only" });
  };
  return (
    <Row>
      <Col span={24}>
        <Card
          title={<Typography.Title level={4} style={{ margin: 0 }}>{t("journeys.title")}</Typography.Title>}
          extra={
            permissions.canMutate("journeySave") && (
              <Button type="primary" icon={<PlusOutlined />} data-testid="journey-new" onClick={() => void navigate("/marketing/journeys/new")}>
                {t("journeys.new")}
              </Button>
            )
          }
        >
          {messageHolder}
          <Flex justify="flex-end" style={{ marginBottom: 12 }}>
            <Checkbox checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} data-testid="journeys-show-archived">
              {t("journeys.showArchived")}
            </Checkbox>
          </Flex>
          {problem && (
            <Alert type="error" showIcon title={problem} closable onClose={() => setProblem(null)} data-testid="journeys-problem" style={{ marginBottom: 12 }} />
          )}
          <Table
            data-testid="journeys-table"
            rowKey="id"
            loading={fetching}
            dataSource={journeys}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("journeys.empty") }}
            columns={[
              {
                title: t("journeys.name"),
                dataIndex: "name",
                render: (name: string, row) => <Link to={`/marketing/journeys/${row.id}`}>{name}</Link>,
              },
              {
                title: t("journeys.status"),
                dataIndex: "status",
                render: (status: string) => <Tag color={STATUS_COLORS[status]}>{t(`status.${status as "DRAFT"}`)}</Tag>,
              },
              { title: t("journeys.entered"), render: (_, row) => row.stats.entered, align: "right" },
              // On a phone: name, status, entered and the actions fit; the rest is for wider screens.
              { title: t("journeys.active"), render: (_, row) => row.stats.active, align: "right", responsive: ["md"] },
              { title: t("journeys.done"), render: (_, row) => row.stats.done, align: "right", responsive: ["md"] },
              {
                title: t("journeys.updatedAt"),
                dataIndex: "updatedAt",
                render: (value: string) => format.dateTime(value),
                responsive: ["md"],
              },
              ...(retiring
                ? [
                    {
                      title: t("journeys.actions"),
                      key: "actions",
                      render: (_: unknown, row: (typeof journeys)[number]) => (
                        <JourneyRetireActions
                          journey={{ id: row.id, version: row.version, status: row.status, entered: row.stats.entered }}
                          onProblem={setProblem}
                          onDone={onDone}
                          testId={`journey-row-${row.id}`}
                        />
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <CursorPager
            testId="journeys-pager"
            pages={pages}
            pageInfo={data?.journeys.pageInfo ?? null}
            totalCount={data?.journeys.totalCount ?? null}
            disabled={fetching}
          />
        </Card>
      </Col>
    </Row>
  );
};

/** /marketing/journeys: the journeys the viewer may see with their enrollment counts. */
const JourneysPageContent = () => {
  const ready = useMarketingFlowsStrings();
  const { t } = useTranslation("marketingFlows");
  const permissions = usePermissions();
  if (!ready) return <Flex justify="center"><Spin /></Flex>;
  if (!permissions.canQuery("journeys")) return <Result status="403" title={t("journeys.noAccess")} data-testid="no-access" />;
  return <JourneyList />;
};

/** The page inside the marketing workspace's frame (its section tabs stay in view). */
export const JourneysPage = () => (
  <MarketingFrame>
    <JourneysPageContent />
  </MarketingFrame>
);
