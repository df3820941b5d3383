import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { CursorPager } from "../../ui/components/CursorPager";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCursorPages } from "../../ui/hooks/useCursorPages";
import { ADMIN_ROLES_QUERY } from "../graphql/adminRolesQuery";
import { ADMIN_TEAMS_QUERY } from "../graphql/adminTeamsQuery";
import { ADMIN_USERS_QUERY } from "../graphql/adminUsersQuery";
import { useRoleLabel } from "../hooks/useRoleLabel";
import { rowTestId } from "../utils/rowTestId";
import { UserFormModal, type AdminUser } from "./UserFormModal";

const PAGE_SIZE = 20;

/** /admin/users: every user, page by page; create and change accounts. */
export const UsersSection = () => {
  const { t } = useTranslation("admin");
  const roleLabel = useRoleLabel();
  const pager = useCursorPages("users");
  const [{ data, fetching, error }, refetch] = useQuery({ query: ADMIN_USERS_QUERY, variables: { first: PAGE_SIZE, after: pager.after } });
  const [{ data: rolesData }] = useQuery({ query: ADMIN_ROLES_QUERY });
  const [{ data: teamsData }] = useQuery({ query: ADMIN_TEAMS_QUERY });
  const [editing, setEditing] = useState<AdminUser | "new" | null>(null);

  if (error && !data) return <RequestFailedResult error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;

  const roles = ["admin", ...(rolesData?.permissionMatrix.roles.map((r) => r.role) ?? [])];
  const teams = teamsData?.teams ?? [];
  const users = data?.users;

  return (
    <Card
      title={t("users.title")}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="user-create">
          {t("users.create")}
        </Button>
      }
    >
      <Table<AdminUser>
        scroll={{ x: "max-content" }}
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={users?.nodes ?? []}
        pagination={false}
        data-testid="users-table"
        locale={{ emptyText: <Empty description={t("users.empty")} /> }}
        onRow={(user) => rowTestId(`user-row-${user.email}`)}
        columns={[
          { title: t("users.name"), dataIndex: "name", key: "name" },
          { title: t("users.email"), dataIndex: "email", key: "email" },
          {
            title: t("users.roles"),
            key: "roles",
            render: (_, user) => (
              <Space size={[0, 4]} wrap>
                {user.roles.map((role) => (
                  <Tag key={role} color={role === "admin" ? "red" : "blue"}>
                    {roleLabel(role)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t("users.team"), key: "team", render: (_, user) => user.team?.name ?? <Typography.Text type="secondary">—</Typography.Text> },
          {
            title: t("users.active"),
            key: "active",
            render: (_, user) =>
              user.active ? <Tag color="green">{t("users.isActive")}</Tag> : <Tag>{t("users.isInactive")}</Tag>,
          },
          {
            title: t("users.actions"),
            key: "actions",
            render: (_, user) => (
              <Button type="link" onClick={() => setEditing(user)} data-testid={`user-edit-${user.email}`}>
                {t("users.edit")}
              </Button>
            ),
          },
        ]}
      />
      <Flex vertical>
        <CursorPager testId="users-pager" pages={pager} pageInfo={users?.pageInfo ?? null} totalCount={users?.totalCount ?? null} />
      </Flex>
      {editing && (
        <UserFormModal
          user={editing === "new" ? null : editing}
          roles={roles}
          teams={teams}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refetch({ requestPolicy: "network-only" });
          }}
        />
      )}
    </Card>
  );
};
