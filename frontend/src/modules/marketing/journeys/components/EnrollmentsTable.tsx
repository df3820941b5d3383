import { Alert, Card, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { useFormatters } from "../../../format/hooks/useFormatters";
import { CursorPager } from "../../../ui/components/CursorPager";
import { useCursorPages } from "../../../ui/hooks/useCursorPages";
import { JOURNEY_ENROLLMENTS_QUERY } from "../graphql/journeyEnrollmentsQuery";

export const ENROLLMENTS_PAGE_SIZE = 20;

/**
 * Each customer's progress through the journey, latest entry first, page by page. Its own query: turning a page
 * does not reload the journey (which would replace the canvas and its unsaved edits).
 */
export const EnrollmentsTable = ({ journeyId, nodeLabel }: { journeyId: string; nodeLabel: (nodeId: string | null) => string }) => {
  const { t } = useTranslation("marketingFlows");
  const format = useFormatters();
  const pages = useCursorPages(journeyId);
  const [{ data, fetching, error }] = useQuery({
    query: JOURNEY_ENROLLMENTS_QUERY,
    variables: { id: journeyId, first: ENROLLMENTS_PAGE_SIZE, after: pages.after },
  });
  const enrollments = data?.journey?.enrollments;
  return (
    <Card size="small" title={t("editor.enrollments")}>
      {error && !data && <Alert type="error" showIcon title={t("journeys.loadFailed")} data-testid="journey-enrollments-error" />}
      <Table
        data-testid="journey-enrollments"
        size="small"
        rowKey="id"
        loading={fetching}
        dataSource={enrollments?.nodes ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          {
            title: t("enrollment.customer"),
            render: (_, row) =>
              row.customer ? <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link> : t("enrollment.hidden"),
          },
          { title: t("enrollment.status"), render: (_, row) => <Tag>{t(`enrollmentStatus.${row.status}`)}</Tag> },
          { title: t("enrollment.currentNode"), render: (_, row) => (row.currentNode ? nodeLabel(row.currentNode) : "—") },
          { title: t("enrollment.enteredAt"), render: (_, row) => format.dateTime(row.enteredAt) },
          { title: t("enrollment.error"), dataIndex: "error" },
        ]}
      />
      <CursorPager
        testId="journey-enrollments-pager"
        pages={pages}
        pageInfo={enrollments?.pageInfo ?? null}
        totalCount={enrollments?.totalCount ?? null}
        disabled={fetching}
      />
    </Card>
  );
};
