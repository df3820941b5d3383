import { App, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { SERVICE_AGENT_OPTIONS_QUERY } from "../graphql/serviceAgentOptionsQuery";
import { TICKET_ASSIGN_MUTATION } from "../graphql/ticketAssignMutation";

type AssignTicketSelectProps = {
  ticket: { id: string; version: number; number: string; assignee: { id: string } | null };
  /** Asked to reload after a CONFLICT (someone changed the ticket meanwhile). */
  onConflict?: () => void;
};

/** A supervisor's "assign to…" picker: agents with their open tickets; assigning sends `ticketAssign`. */
export const AssignTicketSelect = ({ ticket, onConflict }: AssignTicketSelectProps) => {
  const { t } = useTranslation("service");
  const { message } = App.useApp();
  const errorText = useMutationErrorText();
  const [{ data, fetching: loadingAgents }] = useQuery({ query: SERVICE_AGENT_OPTIONS_QUERY, pause: false });
  const [{ fetching }, assign] = useMutation(TICKET_ASSIGN_MUTATION);
  const agents = data?.serviceAgents ?? [];

  const onChange = async (agentId: string) => {
    const result = await assign({ input: { id: ticket.id, agentId, version: ticket.version } });
    if (hasGraphqlErrorCode(result.error, "CONFLICT")) {
      void message.warning(t("actions.conflict"));
      onConflict?.();
      return;
    }
    const problem = errorText({ error: result.error, payload: result.data?.ticketAssign }, t("actions.failed"));
    if (problem) {
      void message.error(problem);
      return;
    }
    const name = agents.find((agent) => agent.user.id === agentId)?.user.name ?? "";
    void message.success(t("assign.success", { number: ticket.number, name }));
  };

  return (
    <Select<string>
      size="small"
      style={{ minWidth: 160 }}
      placeholder={t("assign.placeholder")}
      value={null}
      loading={loadingAgents || fetching}
      disabled={fetching}
      onChange={(agentId) => void onChange(agentId)}
      aria-label={t("assign.placeholder")}
      data-testid={`assign-${ticket.number}`}
      popupMatchSelectWidth={false}
      options={agents.map((agent) => ({
        value: agent.user.id,
        disabled: agent.user.id === ticket.assignee?.id,
        label: `${agent.user.name} · ${t(agent.available ? "assign.openTickets" : "assign.away", { count: agent.openTickets })}`,
      }))}
    />
  );
};
