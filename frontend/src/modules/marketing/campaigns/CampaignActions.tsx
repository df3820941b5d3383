import type { CombinedError } from "@urql/core";
import { Alert, Button, DatePicker, Flex, Popconfirm, message } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { CampaignDetailQuery } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { CAMPAIGN_APPROVE_MUTATION } from "./campaignApproveMutation";
import { CAMPAIGN_CANCEL_MUTATION } from "./campaignCancelMutation";
import { needsApproval } from "./campaignForm";
import { CAMPAIGN_SCHEDULE_MUTATION } from "./campaignScheduleMutation";
import { CAMPAIGN_SEND_NOW_MUTATION } from "./campaignSendNowMutation";

type Campaign = NonNullable<CampaignDetailQuery["campaign"]>;

/** A campaign is scheduled for today or later: earlier days are not offered. */
export const isPastDay = (day: Dayjs): boolean => day.isBefore(dayjs().startOf("day"));

/** Approve (marketing managers), send now, schedule and cancel; says clearly when approval is needed. */
export const CampaignActions = ({ campaign, onChanged, unsaved = false }: { campaign: Campaign; onChanged: () => void; unsaved?: boolean }) => {
  const { t } = useTranslation("marketing");
  const permissions = usePermissions();
  const [approval, setApproval] = useState<string | null>(null);
  // A failed action stays on the page (a toast vanishes before a busy person reads it).
  const [problem, setProblem] = useState<string | null>(null);
  const [at, setAt] = useState<Dayjs | null>(null);
  const [{ fetching: approving }, approve] = useMutation(CAMPAIGN_APPROVE_MUTATION);
  const [{ fetching: sending }, sendNow] = useMutation(CAMPAIGN_SEND_NOW_MUTATION);
  const [{ fetching: scheduling }, schedule] = useMutation(CAMPAIGN_SCHEDULE_MUTATION);
  const [, cancel] = useMutation(CAMPAIGN_CANCEL_MUTATION);
  const errorText = useMutationErrorText();
  const [messageApi, holder] = message.useMessage();
  const draft = campaign.status === "DRAFT";
  const canApprove = permissions.canMutate("campaignApprove");

  const outcome = (
    result: { error?: CombinedError },
    payload: { userErrors: ReadonlyArray<{ field: string | null; message: string; code: string }> } | undefined,
    done: string,
  ) => {
    if (needsApproval(payload?.userErrors)) {
      setProblem(null);
      setApproval(payload?.userErrors.find((userError) => userError.code === "APPROVAL_REQUIRED")?.message || t("campaigns.approvalRequired"));
      return;
    }
    const failure = errorText({ error: result.error, payload }, t("common.failed"));
    setProblem(failure);
    if (!failure) {
      setApproval(null);
      void messageApi.success(done);
      onChanged();
    }
  };

  return (
    <Flex vertical gap={8}>
      {holder}
      {approval && (
        <Alert
          type="warning"
          showIcon
          data-testid="campaign-approval-required"
          title={t("campaigns.approvalRequired")}
          description={canApprove ? approval : t("campaigns.askManager")}
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" title={problem} data-testid="campaign-action-error" />}
      {draft && unsaved && <Alert type="info" showIcon title={t("campaigns.unsavedEdits")} data-testid="campaign-unsaved" />}
      {draft && campaign.approvedAt && <Alert type="success" showIcon title={t("campaigns.approved")} data-testid="campaign-approved" />}
      <Flex gap={8} wrap>
        {draft && canApprove && !campaign.approvedAt && (
          <Button
            loading={approving}
            data-testid="campaign-approve"
            onClick={async () => {
              const result = await approve({ input: { campaignId: campaign.id } });
              outcome(result, result.data?.campaignApprove, t("campaigns.approvedDone"));
            }}
          >
            {t("campaigns.approve")}
          </Button>
        )}
        {draft && permissions.canMutate("campaignSendNow") && (
          <Popconfirm
            disabled={unsaved}
            title={t("campaigns.sendNowConfirm")}
            okButtonProps={{ "data-testid": "campaign-send-now-confirm" } as never}
            onConfirm={async () => {
              const result = await sendNow({ input: { campaignId: campaign.id } });
              outcome(result, result.data?.campaignSendNow, t("campaigns.sendStarted"));
            }}
          >
            <Button type="primary" loading={sending} disabled={unsaved} data-testid="campaign-send-now">
              {t("campaigns.sendNow")}
            </Button>
          </Popconfirm>
        )}
        {draft && permissions.canMutate("campaignSchedule") && (
          <Flex gap={4}>
            <DatePicker
              showTime
              value={at}
              onChange={setAt}
              placeholder={t("campaigns.scheduleAt")}
              aria-label={t("campaigns.scheduleAt")}
              data-testid="campaign-schedule-at"
              disabledDate={isPastDay}
            />
            <Button
              disabled={!at || unsaved}
              loading={scheduling}
              onClick={async () => {
                const result = await schedule({ input: { campaignId: campaign.id, at: at?.toISOString() ?? null } });
                outcome(result, result.data?.campaignSchedule, t("campaigns.scheduled"));
              }}
            >
              {t("campaigns.schedule")}
            </Button>
          </Flex>
        )}
        {(draft || campaign.status === "SCHEDULED" || campaign.status === "SENDING") && permissions.canMutate("campaignCancel") && (
          <Popconfirm
            title={t("campaigns.cancelConfirm")}
            okText={t("campaigns.cancel")}
            cancelText={t("campaigns.cancelKeep")}
            okButtonProps={{ danger: true, "data-testid": "campaign-cancel-confirm" } as never}
            onConfirm={async () => {
              const result = await cancel({ input: { campaignId: campaign.id } });
              outcome(result, result.data?.campaignCancel, t("campaigns.cancelled"));
            }}
          >
            <Button danger data-testid="campaign-cancel">
              {t("campaigns.cancel")}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    </Flex>
  );
};
