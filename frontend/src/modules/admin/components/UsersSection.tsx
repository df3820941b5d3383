import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useAdminRolesQuery } from "../hooks/useAdminRolesQuery";
import { useAdminTeamsQuery } from "../hooks/useAdminTeamsQuery";
import { useAdminUsersQuery } from "../hooks/useAdminUsersQuery";
import { useCursorStack } from "../hooks/useCursorStack";
import { useRoleLabel } from "../hooks/useRoleLabel";
import { rowTestId } from "../utils/rowTestId";
import { CursorPager } from "./CursorPager";
import { UserFormModal, type AdminUser } from "./UserFormModal";

const PAGE_SIZE = 20;

/** /admin/users: every user, page by page; create and change accounts. */
export const UsersSection = () => {
  const { t } = useTranslation("admin");
  const roleLabel = useRoleLabel();
  const pager = useCursorStack("users");
  const [{ data, fetching, error }, refetch] = useAdminUsersQuery({ first: PAGE_SIZE, after: pager.after });
  const [{ data: rolesData }] = useAdminRolesQuery();
  const [{ data: teamsData }] = useAdminTeamsQuery();
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
        <CursorPager
          testId="users-pager"
          totalCount={users?.totalCount ?? null}
          hasPrevious={pager.hasPrevious}
          hasNext={users?.pageInfo.hasNextPage ?? false}
          onPrevious={pager.previous}
          onNext={() => pager.next(users?.pageInfo.endCursor ?? null)}
        />
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
