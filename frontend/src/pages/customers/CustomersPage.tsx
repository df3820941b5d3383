import { PlusOutlined, UploadOutlined, WarningOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Flex, Input, Select, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";

import { CustomerCreateModal } from "../../modules/customers/components/CustomerCreateModal";
import { CustomerFilterBar } from "../../modules/customers/components/CustomerFilterBar";
import { CustomersTable } from "../../modules/customers/components/CustomersTable";
import { SavedCustomerFilters } from "../../modules/customers/components/SavedCustomerFilters";
import { PAGE_SIZES } from "../../modules/customers/constants/customerEnums";
import { CUSTOMERS_LIST_QUERY } from "../../modules/customers/graphql/customersListQuery";
import { useCustomerFilterOptionsQuery } from "../../modules/customers/hooks/useCustomerFilterOptionsQuery";
import { useCustomerListParams } from "../../modules/customers/hooks/useCustomerListParams";
import {
  canSortCustomersBy,
  customerFilterOptionsAccess,
  customersListAccess,
  usableCustomerFilters,
  type CustomerSortKey,
} from "../../modules/customers/utils/customerAccess";
import { customerListRequest, hasCustomerFilters, EMPTY_CUSTOMER_LIST_PARAMS } from "../../modules/customers/utils/customerListParams";
import { canSearchCustomers } from "../../modules/customers/utils/customerSearch";
import { ExportControl } from "../../modules/exports/components/ExportControl";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { canSeeCustomersAtRisk } from "../../modules/predictions/utils/predictionAccess";

/** /customers: the searchable, filterable, sortable customer list; its whole state is in the URL. */
export const CustomersPage = () => (
  <App component={false}>
    <CustomersList />
  </App>
);

const CustomersList = () => {
  const { t } = useTranslation("customers");
  const navigate = useNavigate();
  const permissions = usePermissions();
  const { params, update, apply, query } = useCustomerListParams();
  const [creating, setCreating] = useState(false);
  // Cursors of the pages before this one, for "previous" (a shared link starts without them).
  const [previousCursors, setPreviousCursors] = useState<Array<string | null>>([]);

  const access = useMemo(() => customersListAccess(permissions), [permissions]);
  const usable = useMemo(() => usableCustomerFilters(permissions), [permissions]);
  const optionsAccess = useMemo(() => customerFilterOptionsAccess(permissions, usable), [permissions, usable]);
  const request = useMemo(
    () =>
      customerListRequest(params, {
        usableFilters: usable,
        canSort: (key) => canSortCustomersBy(permissions, key),
        canSearch: (text) => canSearchCustomers(permissions, text),
      }),
    [params, usable, permissions],
  );

  // What the list shows, less paging: sent with the list's query and, as it is, with an export of it.
  const shown = useMemo(() => ({ filter: request.filter, orderBy: request.orderBy, search: request.search }), [request]);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CUSTOMERS_LIST_QUERY,
    variables: { first: request.first, after: request.after, ...shown, ...access },
  });
  const [{ data: options }] = useCustomerFilterOptionsQuery(optionsAccess);

  const connection = data?.customers;
  const filtered = hasCustomerFilters(params);
  const canNameSearchOnly = !permissions.has("Contact", "phones", "READ") && !permissions.has("Contact", "emails", "READ");

  const changeFilters: typeof update = (changes) => {
    setPreviousCursors([]);
    update(changes);
  };

  const goNext = () => {
    if (!connection?.pageInfo.endCursor) return;
    setPreviousCursors((cursors) => [...cursors, params.after]);
    update({ after: connection.pageInfo.endCursor });
  };
  const goPrevious = () => {
    const cursor = previousCursors.at(-1) ?? null;
    setPreviousCursors((cursors) => cursors.slice(0, -1));
    update({ after: cursor });
  };

  const sortOptions = (["CREATED_AT", "UPDATED_AT", "LAST_ACTIVITY_AT", "NAME", "GRADE"] as CustomerSortKey[])
    .filter((key) => canSortCustomersBy(permissions, key))
    .map((key) => ({ value: key, label: t(`columns.${SORT_COLUMN[key]}`) }));

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Space align="baseline" size="middle">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t("list.title")}
          </Typography.Title>
          {connection && (
            <Typography.Text type="secondary" data-testid="customers-total" data-list-total={connection.totalCount}>
              {t("list.total", { count: connection.totalCount })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          <ExportControl lists={CUSTOMER_EXPORTS} variables={shown} disabled={!connection} testId="customers-export" />
          {canSeeCustomersAtRisk(permissions) && (
            <Button icon={<WarningOutlined />} onClick={() => void navigate("/customers/at-risk")} data-testid="customers-at-risk">
              {t("list.atRisk")}
            </Button>
          )}
          {permissions.canMutate("importPreview") && permissions.canQuery("importBatches") && (
            <Button icon={<UploadOutlined />} onClick={() => void navigate("/customers/import")} data-testid="customers-import">
              {t("list.import")}
            </Button>
          )}
          <SavedCustomerFilters
            query={query}
            onApply={(saved) => {
              setPreviousCursors([]);
              apply(saved);
            }}
          />
          {permissions.canMutate("customerCreate") && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-new">
              {t("list.new")}
            </Button>
          )}
        </Space>
      </Flex>

      <Flex vertical gap={12} style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap>
          <Input.Search
            key={params.search}
            defaultValue={params.search}
            allowClear
            enterButton
            placeholder={t(canNameSearchOnly ? "list.searchNamesPlaceholder" : "list.searchPlaceholder")}
            aria-label={t(canNameSearchOnly ? "list.searchNamesPlaceholder" : "list.searchPlaceholder")}
            onSearch={(value) => changeFilters({ search: value.trim() })}
            style={{ maxWidth: 420 }}
            data-testid="customers-search"
          />
          {sortOptions.length > 0 && (
            <Space.Compact>
              <Select<CustomerSortKey | "">
                value={params.sort ?? ""}
                aria-label={t("list.sortBy")}
                style={{ minWidth: 170 }}
                options={[{ value: "", label: t("list.sortDefault") }, ...sortOptions]}
                onChange={(value) => changeFilters({ sort: value || null })}
                data-testid="customers-sort"
              />
              <Select<"ASC" | "DESC">
                value={params.direction}
                disabled={!params.sort}
                aria-label={t("list.sortBy")}
                options={[
                  { value: "DESC", label: t("list.descending") },
                  { value: "ASC", label: t("list.ascending") },
                ]}
                onChange={(direction) => changeFilters({ direction })}
                data-testid="customers-sort-direction"
              />
            </Space.Compact>
          )}
        </Flex>
        <CustomerFilterBar params={params} usable={usable} options={options} onChange={changeFilters} />
        {request.searchIgnored && <Alert type="warning" showIcon title={t("list.searchNotAllowed")} data-testid="search-not-allowed" />}
        {request.ignored.length > 0 && (
          <Alert
            type="info"
            showIcon
            title={t("list.ignoredFilters", { filters: request.ignored.map((key) => t(`filters.${key}`)).join(t("list.listSeparator")) })}
            data-testid="filters-ignored"
          />
        )}
        {filtered && (
          <div>
            <Button
              type="link"
              style={{ paddingInline: 0 }}
              onClick={() => changeFilters({ ...EMPTY_CUSTOMER_LIST_PARAMS, sort: params.sort, direction: params.direction, size: params.size })}
              data-testid="customers-clear-filters"
            >
              {t("list.clearFilters")}
            </Button>
          </div>
        )}
      </Flex>

      {error && !data ? (
        <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : (
        <>
          <CustomersTable
            rows={connection?.nodes ?? []}
            loading={fetching}
            access={access}
            sort={request.orderBy ? params.sort : null}
            direction={params.direction}
            canSort={(key) => canSortCustomersBy(permissions, key)}
            onSort={(sort, direction) => changeFilters({ sort, direction })}
            empty={<Empty description={t(filtered ? "list.empty" : "list.emptyNoFilters")} data-testid="customers-empty" />}
          />
          <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 16 }}>
            <Select<number>
              value={params.size}
              aria-label={t("list.pageSize", { size: params.size })}
              options={PAGE_SIZES.map((size) => ({ value: size, label: t("list.pageSize", { size }) }))}
              onChange={(size) => changeFilters({ size })}
              data-testid="customers-page-size"
            />
            <Button disabled={!params.after} onClick={goPrevious} data-testid="customers-previous">
              {t("list.previous")}
            </Button>
            <Button disabled={!connection?.pageInfo.hasNextPage} onClick={goNext} data-testid="customers-next">
              {t("list.next")}
            </Button>
          </Flex>
        </>
      )}

      {permissions.canMutate("customerCreate") && (
        <CustomerCreateModal
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(customer) => {
            setCreating(false);
            void navigate(`/customers/${customer.id}`);
          }}
        />
      )}
    </Card>
  );
};

/** The customers list exports its customers, or their contacts or orders. */
const CUSTOMER_EXPORTS = ["CUSTOMERS", "CONTACTS", "ORDERS"] as const;

const SORT_COLUMN = {
  NAME: "name",
  CREATED_AT: "createdAt",
  UPDATED_AT: "updatedAt",
  LAST_ACTIVITY_AT: "lastActivityAt",
  GRADE: "grade",
} as const satisfies Record<CustomerSortKey, string>;
