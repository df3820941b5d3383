import { Select } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { SALES_FORCE_QUERY } from "../graphql/salesForceQuery";


type SalesForceSelectProps = {
  value?: string | null;
  onChange?: (userId: string | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  "data-testid"?: string;
};

/** Picks a member of the sales force the viewer may hand work to (name, team). */
export const SalesForceSelect = ({
  value,
  onChange,
  placeholder,
  allowClear = false,
  style,
  "data-testid": testId,
}: SalesForceSelectProps) => {
  const { t } = useTranslation("sales");
  const [{ data, fetching, error }] = useQuery({ query: SALES_FORCE_QUERY });
  const options = (data?.salesForce ?? []).map((user) => ({
    value: user.id,
    label: user.team ? `${user.name}（${user.team.name}）` : user.name,
  }));
  return (
    <Select<string>
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      loading={fetching}
      status={error ? "error" : undefined}
      placeholder={error ? t("salesForce.loadFailed") : (placeholder ?? t("salesForce.placeholder"))}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: "label" }}
      style={style}
      data-testid={testId}
    />
  );
};
