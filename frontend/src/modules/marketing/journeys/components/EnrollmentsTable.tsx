import { Card, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { MarketingJourneyQuery } from "../../../../generated/graphql";
import { useFormatters } from "../../../format/hooks/useFormatters";

type Enrollment = NonNullable<MarketingJourneyQuery["journey"]>["enrollments"]["nodes"][number];

/** Each customer's progress through the journey, latest entry first. */
export const EnrollmentsTable = ({ enrollments, nodeLabel }: { enrollments: Enrollment[]; nodeLabel: (nodeId: string | null) => string }) => {
  const { t } = useTranslation("marketingFlows");
  const format = useFormatters();
  return (
    <Card size="small" title={t("editor.enrollments")}>
      <Table
        data-testid="journey-enrollments"
        size="small"
        rowKey="id"
        dataSource={enrollments}
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
    </Card>
  );
};
