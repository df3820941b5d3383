import { App, Button, Form, Input, Modal, Popconfirm, Space } from "antd";
import type { CombinedError } from "@urql/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { TicketStatus } from "../../../generated/graphql";
import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import type { MutationPayload } from "../../graphql/errors/mutationProblem";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { TICKET_ESCALATE_MUTATION } from "../graphql/ticketEscalateMutation";
import { TICKET_REOPEN_MUTATION } from "../graphql/ticketReopenMutation";
import { TICKET_RESOLVE_MUTATION } from "../graphql/ticketResolveMutation";
import { TICKET_START_MUTATION } from "../graphql/ticketStartMutation";
import { TICKET_WAIT_MUTATION } from "../graphql/ticketWaitMutation";
import { statusAllows } from "../utils/ticketStatuses";

type TicketActionsProps = {
  ticket: { id: string; version: number; number: string; status: TicketStatus; assignee: { id: string } | null };
  viewerId: string;
  permissions: PermissionIndex;
  /** The rating link `ticketResolve` returned. */
  onResolved: (surveyUrl: string | null) => void;
  onReload: () => void;
};

type ReasonAction = "escalate" | "reopen";

/** What can be done now, by status and permission: start, wait for the customer, resolve, escalate, reopen. */
export const TicketActions = ({ ticket, viewerId, permissions, onResolved, onReload }: TicketActionsProps) => {
  const { t } = useTranslation(["service", "common"]);
  const { message, modal } = App.useApp();
  const errorText = useMutationErrorText();
  const [reasonAction, setReasonAction] = useState<ReasonAction | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [start, startTicket] = useMutation(TICKET_START_MUTATION);
  const [wait, waitTicket] = useMutation(TICKET_WAIT_MUTATION);
  const [resolve, resolveTicket] = useMutation(TICKET_RESOLVE_MUTATION);
  const [escalate, escalateTicket] = useMutation(TICKET_ESCALATE_MUTATION);
  const [reopen, reopenTicket] = useMutation(TICKET_REOPEN_MUTATION);
  const busy = start.fetching || wait.fetching || resolve.fetching || escalate.fetching || reopen.fetching;

  /** Reports the outcome; true when the change was made. */
  const report = (error: CombinedError | undefined, payload: MutationPayload | null | undefined, done: string): boolean => {
    if (hasGraphqlErrorCode(error, "CONFLICT")) {
      modal.confirm({
        title: t("common:conflict"),
        okText: t("common:reload"),
        cancelText: t("common:cancel"),
        onOk: onReload,
      });
      return false;
    }
    const problem = errorText({ error, payload }, t("service:actions.failed"));
    if (problem) {
      void message.error(problem);
      return false;
    }
    void message.success(done);
    return true;
  };

  const input = { id: ticket.id, version: ticket.version };
  const onStart = async () => {
    const result = await startTicket({ input });
    report(result.error, result.data?.ticketStart, t("service:actions.started"));
  };
  const onWait = async () => {
    const result = await waitTicket({ input });
    report(result.error, result.data?.ticketWait, t("service:actions.waiting"));
  };
  const onResolve = async () => {
    const result = await resolveTicket({ input });
    const payload = result.data?.ticketResolve;
    if (report(result.error, payload, t("service:actions.resolved"))) onResolved(payload?.surveyUrl ?? null);
  };
  const onReason = async ({ reason }: { reason: string }) => {
    const reasonInput = { id: ticket.id, reason: reason.trim() || null };
    const ok =
      reasonAction === "escalate"
        ? await escalateTicket({ input: reasonInput }).then((result) =>
            report(result.error, result.data?.ticketEscalate, t("service:actions.escalated")),
          )
        : await reopenTicket({ input: reasonInput }).then((result) =>
            report(result.error, result.data?.ticketReopen, t("service:actions.reopened")),
          );
    if (ok) {
      setReasonAction(null);
    }
  };

  const isAssignee = ticket.assignee?.id === viewerId;
  const can = (mutation: string, action: Parameters<typeof statusAllows>[0]) =>
    permissions.canMutate(mutation) && statusAllows(action, ticket.status);

  return (
    <Space wrap data-testid="ticket-actions">
      {can("ticketStart", "start") && isAssignee && (
        <Button type="primary" loading={start.fetching} disabled={busy} onClick={() => void onStart()} data-testid="action-start">
          {t("service:actions.start")}
        </Button>
      )}
      {can("ticketWait", "wait") && (
        <Button loading={wait.fetching} disabled={busy} onClick={() => void onWait()} data-testid="action-wait">
          {t("service:actions.wait")}
        </Button>
      )}
      {can("ticketResolve", "resolve") && (
        <Popconfirm
          title={t("service:actions.resolveConfirm")}
          okText={t("common:confirm")}
          cancelText={t("common:cancel")}
          onConfirm={() => onResolve()}
        >
          <Button type="primary" loading={resolve.fetching} disabled={busy} data-testid="action-resolve">
            {t("service:actions.resolve")}
          </Button>
        </Popconfirm>
      )}
      {can("ticketEscalate", "escalate") && (
        <Button danger disabled={busy} onClick={() => setReasonAction("escalate")} data-testid="action-escalate">
          {t("service:actions.escalate")}
        </Button>
      )}
      {can("ticketReopen", "reopen") && (
        <Button disabled={busy} onClick={() => setReasonAction("reopen")} data-testid="action-reopen">
          {t("service:actions.reopen")}
        </Button>
      )}
      <Modal
        open={reasonAction !== null}
        title={t(reasonAction === "escalate" ? "service:actions.escalateTitle" : "service:actions.reopenTitle")}
        okText={t("common:confirm")}
        cancelText={t("common:cancel")}
        confirmLoading={escalate.fetching || reopen.fetching}
        onOk={() => reasonForm.submit()}
        onCancel={() => setReasonAction(null)}
        destroyOnHidden
        okButtonProps={{ "data-testid": "reason-submit" } as Record<string, string>}
      >
        <Form form={reasonForm} layout="vertical" onFinish={(values) => void onReason(values)} preserve={false}>
          <Form.Item
            name="reason"
            label={t("service:actions.reason")}
            rules={reasonAction === "escalate" ? [{ required: true, whitespace: true, message: t("service:actions.reasonRequired") }] : []}
          >
            <Input.TextArea rows={3} maxLength={300} showCount data-testid="reason-input" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
};
