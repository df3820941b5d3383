import { DatePicker, Form, InputNumber, Radio, Select, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import type { AdminSalesTargetFieldsFragment as SalesTarget, SalesPeriod } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { ADMIN_SALES_TARGET_SET_MUTATION } from "../graphql/adminSalesTargetSetMutation";
import { ADMIN_SALES_TARGETS_QUERY } from "../graphql/adminSalesTargetsQuery";
import { SALES_PERIODS } from "../utils/enumOptions";
import { RuleTableCard } from "./RuleTableCard";

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

const FIELDS = ["userId", "teamId", "period", "periodStart", "amount"] as const;

/** The first day of the month, or of the quarter (January, April, July, October). */
const periodStartOf = (day: Dayjs, period: SalesPeriod): Dayjs => {
  const month = period === "QUARTER" ? Math.floor(day.month() / 3) * 3 : day.month();
  return day.month(month).startOf("month");
};

/** Sales targets of a year (in the URL as ?year=2026), per rep or team, month or quarter; setting replaces. */
export const SalesTargetsCard = ({ people, teams }: { people: readonly Person[]; teams: readonly Team[] }) => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || dayjs().year();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ADMIN_SALES_TARGETS_QUERY, variables: { year } });
  const [, setTarget] = useMutation(ADMIN_SALES_TARGET_SET_MUTATION);
  const reload = () => refetch({ requestPolicy: "network-only" });
  const thisMonth = dayjs().year() === year ? dayjs() : dayjs().year(year).month(0);

  return (
    <RuleTableCard<SalesTarget, TargetFormValues>
      testId="target"
      title={t("admin:sales.targetsTitle")}
      createLabel={t("admin:sales.targetCreate")}
      emptyText={t("admin:sales.targetsEmpty", { year })}
      extra={
        <DatePicker
          picker="year"
          allowClear={false}
          value={dayjs().year(year)}
          onChange={(value) => value && setParams((current) => ({ ...Object.fromEntries(current), year: String(value.year()) }), { replace: true })}
          data-testid="targets-year"
        />
      }
      rows={data?.salesTargets ?? []}
      rowKey={(target) => target.id}
      loading={fetching}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      loadError={error && !data ? { error, onRetry: reload } : null}
      columns={[
        {
          title: t("admin:sales.targetOf"),
          key: "who",
          render: (_, target) =>
            target.user ? <>{target.user.name} <Tag>{t("admin:sales.rep")}</Tag></> : <>{target.team?.name} <Tag color="blue">{t("admin:sales.team")}</Tag></>,
        },
        { title: t("admin:sales.period"), key: "period", render: (_, target) => t(`admin:periods.${target.period}`) },
        {
          title: t("admin:sales.periodStart"),
          key: "start",
          render: (_, target) =>
            target.period === "QUARTER"
              ? t("admin:sales.quarterLabel", { year: dayjs(target.periodStart).year(), quarter: Math.floor(dayjs(target.periodStart).month() / 3) + 1 })
              : dayjs(target.periodStart).format("YYYY-MM"),
        },
        { title: t("admin:sales.amount"), key: "amount", align: "end", render: (_, target) => format.money(target.amount) },
      ]}
      form={{
        title: (target) => (target ? t("admin:sales.targetEdit") : t("admin:sales.targetCreate")),
        fields: FIELDS,
        initialValues: (target) =>
          target
            ? {
                who: target.user ? "user" : "team",
                userId: target.user?.id ?? null,
                teamId: target.team?.id ?? null,
                period: target.period,
                periodStart: dayjs(target.periodStart),
                amount: target.amount,
              }
            : { who: "user", period: "MONTH", periodStart: thisMonth.startOf("month") },
        renderItems: (target) => <TargetFields fixed={target !== null} people={people} teams={teams} />,
        // salesTargetSet replaces the target of that rep or team and period.
        save: async (values) => {
          const result = await setTarget({
            input: {
              userId: values.who === "user" ? (values.userId ?? null) : null,
              teamId: values.who === "team" ? (values.teamId ?? null) : null,
              period: values.period,
              periodStart: periodStartOf(values.periodStart, values.period).format("YYYY-MM-DD"),
              amount: values.amount,
            },
          });
          return { error: result.error, payload: result.data?.salesTargetSet };
        },
      }}
      onChanged={reload}
    />
  );
};

type TargetFieldsProps = {
  /** An existing target: only its amount changes. */
  fixed: boolean;
  people: readonly Person[];
  teams: readonly Team[];
};

const TargetFields = ({ fixed, people, teams }: TargetFieldsProps) => {
  const { t } = useTranslation("admin");
  const form = Form.useFormInstance<TargetFormValues>();
  const who = Form.useWatch("who", form);
  const period = Form.useWatch("period", form);
  return (
    <>
      <Form.Item name="who" label={t("sales.targetOf")}>
        <Radio.Group
          disabled={fixed}
          options={[
            { value: "user", label: t("sales.rep") },
            { value: "team", label: t("sales.team") },
          ]}
        />
      </Form.Item>
      {who === "team" ? (
        <Form.Item name="teamId" label={t("sales.team")} rules={[{ required: true, message: t("sales.teamRequired") }]}>
          <Select disabled={fixed} showSearch={{ optionFilterProp: "label" }} options={teams.map((team) => ({ value: team.id, label: team.name }))} />
        </Form.Item>
      ) : (
        <Form.Item name="userId" label={t("sales.rep")} rules={[{ required: true, message: t("sales.repRequired") }]}>
          <Select
            disabled={fixed}
            showSearch={{ optionFilterProp: "label" }}
            data-testid="target-user"
            options={people.map((person) => ({ value: person.id, label: `${person.name} <${person.email}>` }))}
          />
        </Form.Item>
      )}
      <Form.Item name="period" label={t("sales.period")}>
        <Radio.Group disabled={fixed} options={SALES_PERIODS.map((p) => ({ value: p, label: t(`periods.${p}`) }))} />
      </Form.Item>
      <Form.Item name="periodStart" label={t("sales.periodStart")} rules={[{ required: true }]}>
        <DatePicker disabled={fixed} picker={period === "QUARTER" ? "quarter" : "month"} allowClear={false} />
      </Form.Item>
      <Form.Item name="amount" label={t("sales.amount")} rules={[{ required: true, message: t("sales.amountRequired") }]}>
        <InputNumber<string> stringMode min="0" max="999999999999.99" precision={2} prefix="¥" style={{ width: 240 }} data-testid="target-amount" />
      </Form.Item>
    </>
  );
};
