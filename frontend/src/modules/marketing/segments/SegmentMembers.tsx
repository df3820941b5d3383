import { Card, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { CursorPager } from "../../ui/components/CursorPager";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCursorPages } from "../../ui/hooks/useCursorPages";
import { SEGMENT_MEMBERS_QUERY } from "./segmentMembersQuery";

/** The members of a saved segment (counted now for a dynamic one, as frozen for a static one), a page at a time. */
export const SegmentMembers = ({ id }: { id: string }) => {
  const { t } = useTranslation("marketing");
  const pages = useCursorPages(id);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SEGMENT_MEMBERS_QUERY, variables: { id, first: 20, after: pages.after } });
  const members = data?.segment?.members;
  if (error && !data) {
    return (
      <Card title={t("segments.members")} size="small" data-testid="segment-members">
        <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      </Card>
    );
  }
  return (
    <Card title={t("segments.members")} size="small" data-testid="segment-members">
      <Table
        rowKey="id"
        size="small"
        loading={fetching}
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={members?.nodes ?? []}
        columns={[
          {
            key: "name",
            title: t("segments.column.name"),
            render: (_, row: { id: string; name: string }) => <Link to={`/customers/${row.id}`}>{row.name}</Link>,
          },
        ]}
      />
      <CursorPager pages={pages} pageInfo={members?.pageInfo ?? null} totalCount={members?.totalCount ?? null} testId="segment-members-pager" />
    </Card>
  );
};
