import { Button, Card, Empty, InputNumber, Select, Switch, Table, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminServiceRulesQuery } from "../../../generated/graphql";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { ADMIN_AGENT_PROFILE_SET_MUTATION } from "../graphql/adminAgentProfileSetMutation";
import { rowTestId } from "../utils/rowTestId";

type ServiceAgent = AdminServiceRulesQuery["serviceAgents"][number];
type Draft = { skills: string[]; available: boolean; maxOpen: number };

/** Agents' routing profiles: skills, whether they take new tickets, and how many open tickets at most. */
export const AgentProfilesCard = ({ agents, onChanged }: { agents: readonly ServiceAgent[]; onChanged: () => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState<string | null>(null);
  const [, setProfile] = useMutation(ADMIN_AGENT_PROFILE_SET_MUTATION);
  const knownSkills = [...new Set(agents.flatMap((agent) => agent.skills))].sort();

  const draftOf = (agent: ServiceAgent): Draft =>
    drafts[agent.user.id] ?? { skills: [...agent.skills], available: agent.available, maxOpen: agent.maxOpen };
  const edit = (agent: ServiceAgent, change: Partial<Draft>) =>
    setDrafts((current) => ({ ...current, [agent.user.id]: { ...draftOf(agent), ...change } }));

  const save = async (agent: ServiceAgent) => {
    const draft = draftOf(agent);
    setSaving(agent.user.id);
    const result = await setProfile({ input: { userId: agent.user.id, skills: draft.skills, available: draft.available, maxOpen: draft.maxOpen } });
    setSaving(null);
    const problem = errorText({ error: result.error, payload: result.data?.agentProfileSet }, t("admin:errors.saveFailed"));
    if (problem) {
      void messageApi.error(problem);
      return;
    }
    setDrafts(({ [agent.user.id]: _saved, ...rest }) => rest);
    void messageApi.success(t("admin:service.saved"));
    onChanged();
  };

  return (
    <Card title={t("admin:service.agentsTitle")}>
      {messageHolder}
      <Table<ServiceAgent>
        scroll={{ x: "max-content" }}
        rowKey={(agent) => agent.user.id}
        size="small"
        pagination={false}
        dataSource={[...agents]}
        onRow={(agent) => rowTestId(`agent-row-${agent.user.email}`)}
        locale={{ emptyText: <Empty description={t("admin:service.agentsEmpty")} /> }}
        columns={[
          {
            title: t("admin:service.agent"),
            key: "agent",
            render: (_, agent) => (
              <>
                <Typography.Text>{agent.user.name}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{agent.user.email}</Typography.Text>
              </>
            ),
          },
          {
            title: t("admin:service.skills"),
            key: "skills",
            width: 280,
            render: (_, agent) => (
              <Select
                mode="tags"
                style={{ width: "100%" }}
                value={draftOf(agent).skills}
                options={knownSkills.map((skill) => ({ value: skill, label: skill }))}
                onChange={(skills: string[]) => edit(agent, { skills })}
                aria-label={t("admin:service.skills")}
              />
            ),
          },
          {
            title: t("admin:service.available"),
            key: "available",
            render: (_, agent) => (
              <Switch checked={draftOf(agent).available} onChange={(available) => edit(agent, { available })} aria-label={t("admin:service.available")} />
            ),
          },
          {
            title: t("admin:service.maxOpen"),
            key: "maxOpen",
            render: (_, agent) => (
              <InputNumber
                min={1}
                max={500}
                precision={0}
                value={draftOf(agent).maxOpen}
                onChange={(value) => edit(agent, { maxOpen: value ?? agent.maxOpen })}
                aria-label={t("admin:service.maxOpen")}
              />
            ),
          },
          { title: t("admin:service.openTickets"), dataIndex: "openTickets", key: "open" },
          {
            title: t("admin:users.actions"),
            key: "actions",
            render: (_, agent) => (
              <Button
                type="primary"
                size="small"
                disabled={!drafts[agent.user.id]}
                loading={saving === agent.user.id}
                onClick={() => void save(agent)}
                data-testid={`agent-save-${agent.user.email}`}
              >
                {t("common:save")}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
};
