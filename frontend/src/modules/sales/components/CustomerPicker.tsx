import { Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { useSalesCustomerOptionsQuery } from "../hooks/useSalesCustomerOptionsQuery";

type CustomerPickerProps = {
  value?: string;
  onChange?: (customerId: string | undefined) => void;
  "data-testid"?: string;
};

/** Searches the viewer's customers by name (server-side) and picks one. */
export const CustomerPicker = ({ value, onChange, "data-testid": testId }: CustomerPickerProps) => {
  const { t } = useTranslation("sales");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(typed), 250);
    return () => window.clearTimeout(timer);
  }, [typed]);
  const [{ data, fetching, error }] = useSalesCustomerOptionsQuery(search);
  const options = (data?.customers.nodes ?? []).map((customer) => ({
    value: customer.id,
    label: customer.city ? `${customer.name}（${customer.city}）` : customer.name,
  }));
  return (
    <Select<string>
      value={value}
      onChange={(next) => onChange?.(next)}
      options={options}
      loading={fetching}
      status={error ? "error" : undefined}
      placeholder={t("opportunityForm.customerPlaceholder")}
      notFoundContent={error ? t("opportunityForm.customersFailed") : undefined}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear
      data-testid={testId}
    />
  );
};
