import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, DatePicker, Empty, Form, InputNumber, Modal, Radio, Select, Space, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import type { AdminSalesTargetsQuery, SalesPeriod } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useAdminSalesTargetSetMutation } from "../hooks/useAdminSalesTargetSetMutation";
import { useAdminSalesTargetsQuery } from "../hooks/useAdminSalesTargetsQuery";
import { applyUserErrors } from "../utils/applyUserErrors";
import { SALES_PERIODS } from "../utils/enumOptions";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type SalesTarget = AdminSalesTargetsQuery["salesTargets"][number];
type Person = { id: string; name: string; email: string };
type Team = { id: string; name: string };

type TargetFormValues = {
  who: "user" | "team";
  userId?: string | null;
  teamId?: string | null;
  period: SalesPeriod;
  periodStart: Dayjs;
  amount: string;
};

const FIELDS = ["userId", "teamId", "period", "periodStart", "amount"];

/** The first day of the month, or of the quarter (January, April, July, October). */
const periodStartOf = (day: Dayjs, period: SalesPeriod): Dayjs => {
  const month = period === "QUARTER" ? Math.floor(day.month() / 3) * 3 : day.month();
  return day.month(month).startOf("month");
};

/** Sales targets of a year (in the URL as ?year=2026), per rep or team, month or quarter; setting replaces. */
export const SalesTargetsCard = ({ people, teams }: { people: readonly Person[]; teams: readonly Team[] }) => {
  const { t } = useTranslation("admin");
  const format = useFormatters();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || dayjs().year();
  const [{ data, fetching, error }, refetch] = useAdminSalesTargetsQuery(year);
  const [editing, setEditing] = useState<SalesTarget | "new" | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });

  return (
    <Card
      title={t("sales.targetsTitle")}
      extra={
        <Space>
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs().year(year)}
            onChange={(value) => value && setParams((current) => ({ ...Object.fromEntries(current), year: String(value.year()) }), { replace: true })}
            data-testid="targets-year"
          />
          <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="target-create">
            {t("sales.targetCreate")}
          </Button>
        </Space>
      }
    >
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={reload} />
      ) : (
        <Table<SalesTarget>
          rowKey="id"
          size="small"
          loading={fetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          dataSource={data?.salesTargets ?? []}
          onRow={(target) => rowTestId(`target-row-${target.id}`)}
          locale={{ emptyText: <Empty description={t("sales.targetsEmpty", { year })} /> }}
          columns={[
            {
              title: t("sales.targetOf"),
              key: "who",
              render: (_, target) =>
                target.user ? <>{target.user.name} <Tag>{t("sales.rep")}</Tag></> : <>{target.team?.name} <Tag color="blue">{t("sales.team")}</Tag></>,
            },
            { title: t("sales.period"), key: "period", render: (_, target) => t(`periods.${target.period}`) },
            {
              title: t("sales.periodStart"),
              key: "start",
              render: (_, target) =>
                target.period === "QUARTER"
                  ? t("sales.quarterLabel", { year: dayjs(target.periodStart).year(), quarter: Math.floor(dayjs(target.periodStart).month() / 3) + 1 })
                  : dayjs(target.periodStart).format("YYYY-MM"),
            },
            { title: t("sales.amount"), key: "amount", align: "end", render: (_, target) => format.money(target.amount) },
            {
              title: t("users.actions"),
              key: "actions",
              render: (_, target) => (
                <Button type="link" onClick={() => setEditing(target)} data-testid={`target-edit-${target.id}`}>
                  {t("users.edit")}
                </Button>
              ),
            },
          ]}
        />
      )}
      {editing && (
        <TargetModal
          target={editing === "new" ? null : editing}
          year={year}
          people={people}
          teams={teams}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Card>
  );
};

type TargetModalProps = {
  target: SalesTarget | null;
  year: number;
  people: readonly Person[];
  teams: readonly Team[];
  onClose: () => void;
  onSaved: () => void;
};

const TargetModal = ({ target, year, people, teams, onClose, onSaved }: TargetModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<TargetFormValues>();
  const who = Form.useWatch("who", form);
  const period = Form.useWatch("period", form);
  const [{ fetching }, save] = useAdminSalesTargetSetMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: TargetFormValues) => {
    setFailure(null);
    const result = await save({
      input: {
        userId: values.who === "user" ? (values.userId ?? null) : null,
        teamId: values.who === "team" ? (values.teamId ?? null) : null,
        period: values.period,
        periodStart: periodStartOf(values.periodStart, values.period).format("YYYY-MM-DD"),
        amount: values.amount,
      },
    });
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.salesTargetSet.userErrors ?? [];
    if (userErrors.length > 0) {
      setFailure(applyUserErrors(form, userErrors, FIELDS));
      return;
    }
    onSaved();
  };

  const thisMonth = dayjs().year() === year ? dayjs() : dayjs().year(year).month(0);

  return (
    <Modal
      open
      title={target ? t("admin:sales.targetEdit") : t("admin:sales.targetCreate")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<TargetFormValues>
        form={form}
        layout="vertical"
        data-testid="target-form"
        initialValues={
          target
            ? {
                who: target.user ? "user" : "team",
                userId: target.user?.id ?? null,
                teamId: target.team?.id ?? null,
                period: target.period,
                periodStart: dayjs(target.periodStart),
                amount: target.amount,
              }
            : { who: "user", period: "MONTH", periodStart: thisMonth.startOf("month") }
        }
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="who" label={t("admin:sales.targetOf")}>
          <Radio.Group
            disabled={target !== null}
            options={[
              { value: "user", label: t("admin:sales.rep") },
              { value: "team", label: t("admin:sales.team") },
            ]}
          />
        </Form.Item>
        {who === "team" ? (
          <Form.Item name="teamId" label={t("admin:sales.team")} rules={[{ required: true, message: t("admin:sales.teamRequired") }]}>
            <Select disabled={target !== null} showSearch={{ optionFilterProp: "label" }} options={teams.map((team) => ({ value: team.id, label: team.name }))} />
          </Form.Item>
        ) : (
          <Form.Item name="userId" label={t("admin:sales.rep")} rules={[{ required: true, message: t("admin:sales.repRequired") }]}>
            <Select
              disabled={target !== null}
              showSearch={{ optionFilterProp: "label" }}
              data-testid="target-user"
              options={people.map((person) => ({ value: person.id, label: `${person.name} <${person.email}>` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="period" label={t("admin:sales.period")}>
          <Radio.Group disabled={target !== null} options={SALES_PERIODS.map((p) => ({ value: p, label: t(`admin:periods.${p}`) }))} />
        </Form.Item>
        <Form.Item name="periodStart" label={t("admin:sales.periodStart")} rules={[{ required: true }]}>
          <DatePicker disabled={target !== null} picker={period === "QUARTER" ? "quarter" : "month"} allowClear={false} />
        </Form.Item>
        <Form.Item name="amount" label={t("admin:sales.amount")} rules={[{ required: true, message: t("admin:sales.amountRequired") }]}>
          <InputNumber<string> stringMode min="0" max="999999999999.99" precision={2} prefix="¥" style={{ width: 240 }} data-testid="target-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
