import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Popconfirm, Table } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { CampaignDetailQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { CAMPAIGN_COST_ADD_MUTATION } from "./campaignCostAddMutation";
import { CAMPAIGN_COST_DELETE_MUTATION } from "./campaignCostDeleteMutation";

type Campaign = NonNullable<CampaignDetailQuery["campaign"]>;
type CostValues = { label: string; amount: string; incurredOn?: Dayjs | null };

/** A campaign's actual cost lines: add and delete; their sum is the actual cost against the budget. */
export const CampaignCosts = ({ campaign, onChanged }: { campaign: Campaign; onChanged: () => void }) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const permissions = usePermissions();
  const [form] = Form.useForm<CostValues>();
  const [{ fetching }, add] = useMutation(CAMPAIGN_COST_ADD_MUTATION);
  const [, remove] = useMutation(CAMPAIGN_COST_DELETE_MUTATION);
  const errorText = useMutationErrorText();
  // A refused add or delete stays on the card (a toast vanished before it was read).
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (values: CostValues) => {
    setProblem(null);
    const result = await add({
      input: {
        campaignId: campaign.id,
        label: values.label.trim(),
        amount: String(values.amount),
        incurredOn: values.incurredOn ? values.incurredOn.format("YYYY-MM-DD") : null,
      },
    });
    const failure = errorText({ error: result.error, payload: result.data?.campaignCostAdd }, t("common.failed"));
    setProblem(failure);
    if (!failure) {
      form.resetFields();
      onChanged();
    }
  };
  return (
    <Card
      size="small"
      title={t("campaigns.costs")}
      extra={t("campaigns.costSummary", { actual: format.money(campaign.actualCost), budget: format.money(campaign.budget) })}
    >
      {problem && <Alert type="error" showIcon role="alert" title={problem} data-testid="campaign-costs-error" style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={campaign.costs}
        columns={[
          { key: "label", title: t("campaigns.costLabel"), dataIndex: "label" },
          { key: "amount", title: t("campaigns.costAmount"), align: "right", render: (_, row) => format.money(row.amount) },
          { key: "on", title: t("campaigns.costDate"), render: (_, row) => format.date(row.incurredOn) },
          {
            key: "actions",
            title: "",
            render: (_, row) =>
              permissions.canMutate("campaignCostDelete") && (
                <Popconfirm
                  title={t("campaigns.costDeleteConfirm")}
                  onConfirm={async () => {
                    setProblem(null);
                    const result = await remove({ input: { costId: row.id } });
                    const failure = errorText({ error: result.error, payload: result.data?.campaignCostDelete }, t("common.failed"));
                    setProblem(failure);
                    if (!failure) onChanged();
                  }}
                >
                  <Button type="link" danger size="small">
                    {t("common.delete")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {permissions.canMutate("campaignCostAdd") && (
        <Form form={form} layout="inline" onFinish={submit} style={{ marginTop: 12, rowGap: 8 }}>
          <Flex wrap gap={8}>
            <Form.Item name="label" rules={[{ required: true, whitespace: true }]} noStyle>
              <Input placeholder={t("campaigns.costLabel")} aria-label={t("campaigns.costLabel")} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="amount" rules={[{ required: true }]} noStyle>
              <InputNumber placeholder={t("campaigns.costAmount")} aria-label={t("campaigns.costAmount")} min={0} precision={2} stringMode style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="incurredOn" noStyle>
              <DatePicker placeholder={t("campaigns.costDate")} aria-label={t("campaigns.costDate")} />
            </Form.Item>
            <Button htmlType="submit" loading={fetching}>
              {t("campaigns.costAdd")}
            </Button>
          </Flex>
        </Form>
      )}
    </Card>
  );
};
