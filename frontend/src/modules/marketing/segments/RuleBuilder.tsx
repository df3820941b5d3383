import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Input, InputNumber, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";

import {
  boundsInverted,
  isGroup,
  newCondition,
  PROFILE_FIELDS,
  RFM_SEGMENTS,
  RULE_KIND_NAMES,
  RULE_KINDS,
  type ParamSpec,
  type RuleCondition,
  type RuleGroup,
  type RuleOp,
} from "./ruleTree";

type RuleBuilderProps = {
  value: RuleGroup;
  onChange: (value: RuleGroup) => void;
  /** The rule a server error names, as indexes from the root ([2] or [0, 1]). */
  errorPath?: number[] | null;
  /** Whether this is the root group (one nested level of groups is offered). */
  nested?: boolean;
};

const ParamInput = ({
  spec,
  condition,
  onChange,
}: {
  spec: ParamSpec;
  condition: RuleCondition;
  onChange: (value: unknown) => void;
}) => {
  const { t } = useTranslation("marketing");
  const { t: tMain } = useTranslation();
  /** A customer kind or status by its name (the import screen's strings: 企业客户, 潜在客户, ...); others as stored. */
  const profileValueLabel = (field: string, option: string) =>
    field === "kind" || field === "status" ? tMain(`imports.values.choices.${field}.${option}` as never, { defaultValue: option }) : option;
  const value = condition[spec.name];
  const label = t(`segments.param.${spec.name}` as never);
  const testId = `rule-param-${spec.name}`;
  if (spec.input === "profileField") {
    return (
      <Select
        aria-label={label}
        data-testid={testId}
        style={{ minWidth: 120 }}
        value={value as string}
        options={Object.keys(PROFILE_FIELDS).map((field) => ({ value: field, label: t(`segments.profileField.${field}` as never) }))}
        onChange={onChange}
      />
    );
  }
  if (spec.input === "choices") {
    const options = spec.name === "segments" ? RFM_SEGMENTS : (PROFILE_FIELDS[String(condition.field)] ?? []);
    return (
      <Select
        aria-label={label}
        data-testid={testId}
        mode={options.length > 0 ? "multiple" : "tags"}
        style={{ minWidth: 180 }}
        placeholder={label}
        value={(value as string[]) ?? []}
        options={options.map((option) => ({
          value: option,
          label: spec.name === "segments" ? t(`segments.rfm.${option}` as never) : profileValueLabel(String(condition.field), option),
        }))}
        onChange={onChange}
      />
    );
  }
  if (spec.input === "text") {
    return (
      <Input
        aria-label={label}
        data-testid={testId}
        placeholder={label}
        style={{ width: 160 }}
        value={(value as string) ?? ""}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  const isAmount = spec.input === "amount" || spec.input === "rating" || spec.input === "likelihood";
  return (
    <InputNumber
      aria-label={label}
      data-testid={testId}
      placeholder={label}
      addonBefore={label}
      style={{ width: 170 }}
      min={spec.input === "rating" ? 1 : spec.input === "days" ? 1 : 0}
      max={spec.input === "rating" ? 5 : spec.input === "likelihood" ? 1 : spec.input === "days" ? 3650 : undefined}
      precision={isAmount ? 2 : 0}
      value={value === undefined || value === null || value === "" ? null : Number(value)}
      onChange={(next) => onChange(next === null ? null : isAmount ? String(next) : next)}
    />
  );
};

const ConditionRow = ({
  condition,
  onChange,
  onRemove,
  invalid,
}: {
  condition: RuleCondition;
  onChange: (value: RuleCondition) => void;
  onRemove: () => void;
  invalid: boolean;
}) => {
  const { t } = useTranslation("marketing");
  return (
    <Flex
      wrap
      gap={8}
      align="center"
      data-testid="rule-condition"
      style={invalid ? { outline: "1px solid #ff4d4f", padding: 4, borderRadius: 4 } : undefined}
    >
      <Select
        aria-label={t("segments.kindLabel")}
        style={{ minWidth: 150 }}
        value={condition.kind}
        options={RULE_KIND_NAMES.map((kind) => ({ value: kind, label: t(`segments.kind.${kind}` as never) }))}
        onChange={(kind: string) => onChange(newCondition(kind))}
      />
      {(RULE_KINDS[condition.kind] ?? []).map((spec) => (
        <ParamInput
          key={spec.name}
          spec={spec}
          condition={condition}
          onChange={(value) =>
            onChange(spec.name === "field" ? { ...condition, field: value, values: [] } : { ...condition, [spec.name]: value })
          }
        />
      ))}
      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t("common.remove")} onClick={onRemove} />
      {boundsInverted(condition) && (
        <Typography.Text type="danger" role="alert" data-testid="rule-bounds-inverted">
          {t("segments.boundsInverted")}
        </Typography.Text>
      )}
    </Flex>
  );
};

/** Edits a rule tree: condition rows with the inputs of their kind, AND/OR, and one level of nested groups. */
export const RuleBuilder = ({ value, onChange, errorPath, nested = false }: RuleBuilderProps) => {
  const { t } = useTranslation("marketing");
  const replace = (index: number, rule: RuleCondition | RuleGroup) =>
    onChange({ ...value, rules: value.rules.map((item, i) => (i === index ? rule : item)) });
  const remove = (index: number) => onChange({ ...value, rules: value.rules.filter((_, i) => i !== index) });
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid={nested ? "rule-group-nested" : "rule-group"}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t("segments.match")}</Typography.Text>
        <Select<RuleOp>
          aria-label={t("segments.opLabel")}
          data-testid="rule-op"
          value={value.op}
          style={{ width: 140 }}
          options={[
            { value: "and", label: t("segments.op.and") },
            { value: "or", label: t("segments.op.or") },
          ]}
          onChange={(op) => onChange({ ...value, op })}
        />
      </Flex>
      {value.rules.length === 0 && <Typography.Text type="secondary">{t(`segments.empty.${value.op}`)}</Typography.Text>}
      {value.rules.map((rule, index) => {
        const invalid = !!errorPath && errorPath[0] === index;
        return isGroup(rule) ? (
          <Card key={index} size="small" style={invalid ? { borderColor: "#ff4d4f" } : undefined}>
            <RuleBuilder value={rule} nested errorPath={invalid ? errorPath.slice(1) : null} onChange={(next) => replace(index, next)} />
            <Button type="link" danger onClick={() => remove(index)}>
              {t("segments.removeGroup")}
            </Button>
          </Card>
        ) : (
          <ConditionRow
            key={index}
            condition={rule}
            invalid={invalid && errorPath.length === 1}
            onChange={(next) => replace(index, next)}
            onRemove={() => remove(index)}
          />
        );
      })}
      <Space wrap>
        <Button
          icon={<PlusOutlined />}
          data-testid="rule-add-condition"
          onClick={() => onChange({ ...value, rules: [...value.rules, newCondition("hasTag")] })}
        >
          {t("segments.addCondition")}
        </Button>
        {!nested && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => onChange({ ...value, rules: [...value.rules, { op: value.op === "and" ? "or" : "and", rules: [] }] })}
          >
            {t("segments.addGroup")}
          </Button>
        )}
      </Space>
    </Space>
  );
};
