import { SearchOutlined } from "@ant-design/icons";
import { AutoComplete, Flex, Input, Spin, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { leadListPath } from "../../sales/utils/leadFiltersFromSearchParams";
import { opportunityPath } from "../../sales/utils/opportunityPath";
import { useDebouncedValue } from "../hooks/useDebouncedValue";
import { useGlobalSearchQuery } from "../hooks/useGlobalSearchQuery";
import { searchesAnything, searchKinds, searchPlan, type SearchKinds } from "../utils/searchPlan";

const DEBOUNCE_MS = 300;
const PER_KIND = 5;

/** The header's search box, for viewers who may search customers, tickets, leads or opportunities (nothing otherwise);
 * `compact` (phones) takes the header's free width. */
export const GlobalSearch = ({ compact = false }: { compact?: boolean }) => {
  const permissions = usePermissions();
  const kinds = useMemo(() => searchKinds(permissions), [permissions]);
  if (!searchesAnything(kinds)) return null;
  return <SearchBox kinds={kinds} compact={compact} />;
};

const SearchBox = ({ kinds, compact }: { kinds: SearchKinds; compact: boolean }) => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const term = useDebouncedValue(text.trim(), DEBOUNCE_MS);
  const plan = searchPlan(term, kinds, permissions);
  const nothingToAsk = term === "" || (!plan.withCustomers && !plan.withTickets && !plan.withLeads && !plan.withOpportunities);
  const [{ data, fetching, error }] = useGlobalSearchQuery(
    {
      search: term,
      first: PER_KIND,
      withCustomers: plan.withCustomers,
      withCustomerCity: kinds.customerCity,
      withTickets: plan.withTickets,
      withLeads: plan.withLeads,
      withOpportunities: plan.withOpportunities,
      withOpportunityCustomer: kinds.opportunityCustomer,
    },
    nothingToAsk,
  );
  const settled = term === text.trim() && !fetching;

  const options = useMemo(() => {
    if (nothingToAsk || !data) return [];
    const groups = [];
    const customers = data.customers?.nodes ?? [];
    if (customers.length > 0)
      groups.push({
        label: <Typography.Text type="secondary" data-testid="search-group-customers">{t("header.searchCustomers")}</Typography.Text>,
        options: customers.map((customer) => ({
          value: `/customers/${customer.id}`,
          label: (
            <Flex justify="space-between" gap={8} data-testid={`search-result-customer-${customer.id}`}>
              <Typography.Text ellipsis>{customer.name}</Typography.Text>
              {customer.city && <Typography.Text type="secondary">{customer.city}</Typography.Text>}
            </Flex>
          ),
        })),
      });
    const tickets = data.tickets?.nodes ?? [];
    if (tickets.length > 0)
      groups.push({
        label: <Typography.Text type="secondary" data-testid="search-group-tickets">{t("header.searchTickets")}</Typography.Text>,
        options: tickets.map((ticket) => ({
          value: `/service/tickets/${ticket.id}`,
          label: (
            <Flex justify="space-between" gap={8} data-testid={`search-result-ticket-${ticket.id}`}>
              <Typography.Text ellipsis>
                <Typography.Text type="secondary">{ticket.number}</Typography.Text> {ticket.subject}
              </Typography.Text>
              <Tag>{t(`header.ticketStatuses.${ticket.status}`)}</Tag>
            </Flex>
          ),
        })),
      });
    const leads = data.leads?.nodes ?? [];
    if (leads.length > 0)
      groups.push({
        label: <Typography.Text type="secondary" data-testid="search-group-leads">{t("header.searchLeads")}</Typography.Text>,
        options: leads.map((lead) => ({
          // Leads have no page of their own: the lead list, searched for this one.
          value: leadListPath({ search: lead.name }),
          label: (
            <Flex justify="space-between" gap={8} data-testid={`search-result-lead-${lead.id}`}>
              <Typography.Text ellipsis>{lead.name}</Typography.Text>
              {lead.company && <Typography.Text type="secondary" ellipsis>{lead.company}</Typography.Text>}
            </Flex>
          ),
        })),
      });
    const opportunities = data.opportunities?.nodes ?? [];
    if (opportunities.length > 0)
      groups.push({
        label: <Typography.Text type="secondary" data-testid="search-group-opportunities">{t("header.searchOpportunities")}</Typography.Text>,
        options: opportunities.map((opportunity) => ({
          value: opportunityPath(opportunity),
          label: (
            <Flex justify="space-between" gap={8} data-testid={`search-result-opportunity-${opportunity.id}`}>
              <Typography.Text ellipsis>{opportunity.name}</Typography.Text>
              {opportunity.customer && <Typography.Text type="secondary" ellipsis>{opportunity.customer.name}</Typography.Text>}
            </Flex>
          ),
        })),
      });
    return groups;
  }, [data, nothingToAsk, t]);

  const notFound =
    text.trim() === ""
      ? null
      : !settled
        ? <Spin size="small" />
        : plan.contactSearchDenied
          ? <Typography.Text type="secondary">{t("header.searchContactDenied")}</Typography.Text>
          : error
            ? <Typography.Text type="danger">{t("header.searchFailed")}</Typography.Text>
            : <Typography.Text type="secondary">{t("header.searchEmpty")}</Typography.Text>;

  const placeholder =
    kinds.customers && (kinds.leads || kinds.opportunities)
      ? t("header.searchPlaceholderSales")
      : kinds.customers && kinds.tickets
        ? t("header.searchPlaceholder")
        : kinds.customers
          ? t("header.searchPlaceholderCustomers")
          : kinds.tickets
            ? t("header.searchPlaceholderTickets")
            : t("header.searchPlaceholderLeads");

  // The header's 64px line height would stretch the input: the box keeps its own.
  return (
    <div style={{ lineHeight: "normal", flex: compact ? "1 1 auto" : undefined, minWidth: 0 }}>
    <AutoComplete
      value={text}
      options={options}
      onChange={(value: string) => setText(value)}
      onSelect={(path: string) => {
        setText("");
        void navigate(path);
      }}
      filterOption={false}
      defaultActiveFirstOption
      notFoundContent={notFound}
      popupMatchSelectWidth={compact ? 320 : 380}
      style={{ width: compact ? "100%" : 280 }}
      data-testid="global-search"
    >
      <Input prefix={<SearchOutlined />} allowClear placeholder={placeholder} aria-label={t("header.search")} data-testid="global-search-input" />
    </AutoComplete>
    </div>
  );
};
