import { AppstoreOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Skeleton, Space, Table, Tag, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import type { OpportunityListQuery } from "../../generated/graphql";
import { ExportControl } from "../../modules/exports/components/ExportControl";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { OpportunityListFilters } from "../../modules/sales/components/OpportunityListFilters";
import { SALES_LIST_PAGE_SIZE } from "../../modules/sales/constants/salesPageSizes";
import { OPPORTUNITY_LIST_QUERY } from "../../modules/sales/graphql/opportunityListQuery";
import { SALES_PIPELINE_STAGES_QUERY } from "../../modules/sales/graphql/salesPipelineStagesQuery";
import {
  hasOpportunityFilters,
  opportunityListFilter,
  opportunityListSearchParams,
  parseOpportunityListParams,
  type OpportunityListParams,
} from "../../modules/sales/utils/opportunityListParams";
import { opportunityPath } from "../../modules/sales/utils/opportunityPath";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";

type Row = OpportunityListQuery["opportunities"]["nodes"][number];

const STATUS_COLORS = { OPEN: "processing", WON: "success", LOST: "default" } as const;

/**
 * /opportunities: every opportunity the viewer may see, open or closed, filtered through the URL. The dashboards'
 * sales figures open it on exactly the deals they count (the funnel's stage reached, a region's or a rep's won
 * deals...), so its total equals the figure.
 */
export const OpportunitiesPage = () => {
  const { t } = useTranslation("sales");
  const format = useFormatters();
  const permissions = usePermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo(() => parseOpportunityListParams(searchParams), [searchParams]);
  const key = opportunityListSearchParams(params).toString();
  const pages = useCursorPages(key);
  const allowed = permissions.canQuery("opportunities") && permissions.canQuery("pipelineStages");
  const [{ data: stageData, error: stageError }] = useQuery({ query: SALES_PIPELINE_STAGES_QUERY, pause: !allowed });
  const stages = useMemo(() => [...(stageData?.pipelineStages ?? [])].sort((a, b) => a.position - b.position), [stageData]);
  const filter = useMemo(() => opportunityListFilter(params, new Map(stages.map((stage) => [stage.key, stage.id]))), [params, stages]);
  // What the list shows, less paging: sent with the list's query and, as it is, with an export of it.
  const shown = useMemo(() => ({ filter }), [filter]);
  const withCustomer = permissions.has("Opportunity", "customer") && permissions.has("Customer", "name");
  const withOwner = permissions.has("Opportunity", "owner") && permissions.has("User", "name");
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OPPORTUNITY_LIST_QUERY,
    variables: { first: SALES_LIST_PAGE_SIZE, after: pages.after, ...shown, withCustomer, withOwner },
    pause: !allowed || !stageData,
  });
  const update = useCallback(
    (changes: Partial<OpportunityListParams>) => setSearchParams(opportunityListSearchParams({ ...params, ...changes })),
    [params, setSearchParams],
  );

  if (!allowed) return <NoAccessResult />;

  const connection = data?.opportunities;
  const seesOthers = permissions.scopes("Opportunity").some((scope) => scope !== "OWN");
  const failure = error ?? stageError;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("opportunityList.title")}
        </Typography.Title>
        <Space wrap>
          <ExportControl lists={["OPPORTUNITIES"]} variables={shown} disabled={!connection} testId="opportunities-export" />
          <Link to="/pipeline">
            <Button icon={<AppstoreOutlined />} data-testid="opportunities-to-board">
              {t("opportunityList.toBoard")}
            </Button>
          </Link>
        </Space>
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <OpportunityListFilters params={params} stages={stages} showOwner={seesOthers && permissions.canQuery("salesForce")} onChange={update} />
          {connection ? (
            <>
              <Table<Row>
                data-testid="opportunity-table"
                size="small"
                rowKey="id"
                loading={fetching}
                pagination={false}
                scroll={{ x: "max-content" }}
                dataSource={connection.nodes}
                locale={{
                  emptyText: (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={t(hasOpportunityFilters(params) ? "opportunityList.empty" : "opportunityList.emptyNoFilters")}
                    />
                  ),
                }}
                columns={[
                  {
                    key: "name",
                    title: t("opportunityList.name"),
                    render: (_, row) => (
                      <Link to={opportunityPath(row)} data-testid="opportunity-link">
                        {row.name}
                      </Link>
                    ),
                  },
                  ...(withCustomer
                    ? [
                        {
                          key: "customer",
                          title: t("opportunityList.customer"),
                          render: (_: unknown, row: Row) => (row.customer ? <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link> : "—"),
                        },
                      ]
                    : []),
                  { key: "stage", title: t("opportunityList.stage"), render: (_, row) => row.stage?.name ?? "—" },
                  {
                    key: "status",
                    title: t("opportunityList.status"),
                    render: (_, row) => <Tag color={STATUS_COLORS[row.status]}>{t(`opportunityList.statuses.${row.status}`)}</Tag>,
                  },
                  { key: "amount", title: t("opportunityList.amount"), align: "right", render: (_, row) => format.money(row.amount) },
                  ...(withOwner
                    ? [{ key: "owner", title: t("opportunityList.owner"), render: (_: unknown, row: Row) => row.owner?.name ?? "—" }]
                    : []),
                  { key: "created", title: t("opportunityList.created"), render: (_, row) => format.date(row.createdAt) },
                  { key: "closed", title: t("opportunityList.closed"), render: (_, row) => format.date(row.closedAt) },
                ]}
              />
              <CursorPager testId="opportunities-pager" pages={pages} pageInfo={connection.pageInfo} totalCount={connection.totalCount} disabled={fetching} />
            </>
          ) : failure ? (
            <RequestFailedResult error={failure} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
          ) : (
            <Skeleton active paragraph={{ rows: 6 }} />
          )}
        </Flex>
      </Card>
    </Flex>
  );
};
