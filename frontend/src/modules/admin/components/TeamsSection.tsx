import { ApartmentOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Empty, Form, Input, Row, Select, Skeleton, Space, Tag, Tree, TreeSelect, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { AdminTeamFieldsFragment } from "../../../generated/graphql";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { ADMIN_TEAM_SAVE_MUTATION } from "../graphql/adminTeamSaveMutation";
import { ADMIN_TEAMS_QUERY } from "../graphql/adminTeamsQuery";
import { ADMIN_USERS_QUERY } from "../graphql/adminUsersQuery";
import { buildTeamTree, subtreeIds, type TeamTreeNode } from "../utils/teamTree";

type AdminTeam = AdminTeamFieldsFragment;

type TeamFormValues = { name: string; kind: string; parentId?: string | null; managerId?: string | null };

const TEAM_KINDS = ["sales", "service", "marketing", "other"] as const;
const FIELDS = ["name", "kind", "parentId", "managerId"] as const;

type Editing = { team: AdminTeam | null; parentId: string | null };

/** /admin/teams: the team tree; create, rename, move (under another team) and set a manager. */
export const TeamsSection = () => {
  const { t } = useTranslation("admin");
  const [{ data, fetching, error }, refetch] = useQuery({ query: ADMIN_TEAMS_QUERY });
  const [{ data: usersData }] = useQuery({ query: ADMIN_USERS_QUERY, variables: { first: 100, after: null } });
  const [editing, setEditing] = useState<Editing | null>(null);
  const teams = useMemo(() => data?.teams ?? [], [data]);

  const kindLabel = useCallback(
    (kind: string) => ((TEAM_KINDS as readonly string[]).includes(kind) ? t(`teams.kinds.${kind as (typeof TEAM_KINDS)[number]}`) : kind),
    [t],
  );

  const treeData = useMemo(() => {
    const toNode = (node: TeamTreeNode<AdminTeam>): DataNode => ({
      key: node.team.id,
      title: (
        <Space size={4} data-testid={`team-node-${node.team.name}`}>
          <span>{node.team.name}</span>
          <Tag>{kindLabel(node.team.kind)}</Tag>
          {node.team.manager && <Typography.Text type="secondary">{t("teams.managedBy", { name: node.team.manager.name })}</Typography.Text>}
        </Space>
      ),
      children: node.children.map(toNode),
    });
    return buildTeamTree(teams).map(toNode);
  }, [teams, t, kindLabel]);

  if (error && !data) return <RequestFailedResult error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />;

  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card
          title={t("teams.title")}
          extra={
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ team: null, parentId: null })} data-testid="team-create">
              {t("teams.create")}
            </Button>
          }
        >
          {fetching && !data ? (
            <Skeleton active />
          ) : teams.length === 0 ? (
            <Empty description={t("teams.empty")} />
          ) : (
            <Tree
              showLine
              defaultExpandAll
              icon={<ApartmentOutlined />}
              treeData={treeData}
              selectedKeys={editing?.team ? [editing.team.id] : []}
              onSelect={(keys) => {
                const team = teams.find((candidate) => candidate.id === keys[0]);
                setEditing(team ? { team, parentId: team.parent?.id ?? null } : null);
              }}
              data-testid="team-tree"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {editing ? (
          <TeamForm
            key={editing.team?.id ?? `new-${editing.parentId ?? ""}`}
            editing={editing}
            teams={teams}
            users={usersData?.users.nodes ?? []}
            kindLabel={kindLabel}
            onAddChild={(parentId) => setEditing({ team: null, parentId })}
            onSaved={(team) => {
              setEditing(team ? { team, parentId: team.parent?.id ?? null } : null);
              refetch({ requestPolicy: "network-only" });
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <Card>
            <Empty description={t("teams.pick")} />
          </Card>
        )}
      </Col>
    </Row>
  );
};

type TeamFormProps = {
  editing: Editing;
  teams: readonly AdminTeam[];
  users: ReadonlyArray<{ id: string; name: string; email: string }>;
  kindLabel: (kind: string) => string;
  onAddChild: (parentId: string) => void;
  onSaved: (team: AdminTeam | null) => void;
  onCancel: () => void;
};

const TeamForm = ({ editing, teams, users, kindLabel, onAddChild, onSaved, onCancel }: TeamFormProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<TeamFormValues>();
  const [{ fetching }, save] = useMutation(ADMIN_TEAM_SAVE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("admin:errors.saveFailed") });
  const { team } = editing;

  // A team may not move under itself or a team below it.
  const parentTree = useMemo(() => {
    const excluded = team ? subtreeIds(teams, team.id) : new Set<string>();
    type ParentNode = { value: string; title: string; children: ParentNode[] };
    const toNode = (node: TeamTreeNode<AdminTeam>): ParentNode[] =>
      excluded.has(node.team.id) ? [] : [{ value: node.team.id, title: node.team.name, children: node.children.flatMap(toNode) }];
    return buildTeamTree(teams).flatMap(toNode);
  }, [teams, team]);

  const submit = async (values: TeamFormValues) => {
    formErrors.clear();
    const result = await save({
      input: {
        id: team?.id ?? null,
        name: values.name.trim(),
        kind: values.kind,
        parentId: values.parentId ?? null,
        managerId: values.managerId ?? null,
      },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.teamSave });
    if (!payload) return;
    onSaved(payload.team ?? null);
  };

  return (
    <Card
      title={team ? t("admin:teams.editTitle", { name: team.name }) : t("admin:teams.createTitle")}
      extra={
        team && (
          <Button icon={<PlusOutlined />} onClick={() => onAddChild(team.id)} data-testid="team-add-child">
            {t("admin:teams.addChild")}
          </Button>
        )
      }
    >
      {team === null && editing.parentId === null ? null : team === null ? (
        <Alert type="info" showIcon title={t("admin:teams.childOf", { name: teams.find((x) => x.id === editing.parentId)?.name ?? "" })} style={{ marginBottom: 16 }} />
      ) : null}
      <FormErrorAlert error={formErrors.error} onReload={() => onSaved(null)} testId="form" />
      <Form<TeamFormValues>
        form={form}
        layout="vertical"
        data-testid="team-form"
        disabled={fetching}
        initialValues={{
          name: team?.name ?? "",
          kind: team?.kind ?? "sales",
          parentId: team ? (team.parent?.id ?? null) : editing.parentId,
          managerId: team?.manager?.id ?? null,
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="name" label={t("admin:teams.name")} rules={[{ required: true, whitespace: true, message: t("admin:teams.nameRequired") }]}>
          <Input data-testid="team-name" />
        </Form.Item>
        <Form.Item name="kind" label={t("admin:teams.kind")}>
          <Select data-testid="team-kind" options={TEAM_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t("admin:teams.parent")} extra={t("admin:teams.parentHint")}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            placeholder={t("admin:teams.topLevel")}
            treeData={parentTree}
            data-testid="team-parent"
          />
        </Form.Item>
        <Form.Item name="managerId" label={t("admin:teams.manager")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("admin:teams.noManager")}
            data-testid="team-manager"
            options={users.map((user) => ({ value: user.id, label: `${user.name} <${user.email}>` }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={fetching} data-testid="team-save">
            {t("common:save")}
          </Button>
          <Button onClick={onCancel}>{t("common:cancel")}</Button>
        </Space>
      </Form>
    </Card>
  );
};
