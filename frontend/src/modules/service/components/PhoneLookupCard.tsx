import { PhoneOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Empty, Flex, Input, List, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation } from "urql";

import type { CustomerPhoneLookupMutation } from "../../../generated/graphql";
import { mutationProblem } from "../../graphql/errors/mutationProblem";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { CUSTOMER_PHONE_LOOKUP_MUTATION } from "../graphql/customerPhoneLookupMutation";
import { callerContactId } from "../utils/callerContact";
import { TicketCreateModal } from "./TicketCreateModal";

type Found = NonNullable<CustomerPhoneLookupMutation["customerPhoneLookup"]["customers"]>[number];
type Outcome = { phone: string; customers: Found[] } | { phone: string; problem: string };

/**
 * The service desk's first move on a call: the caller's whole number finds their customer (exact match only;
 * lookups are limited and audited). From a result the agent opens the customer's service view or a ticket.
 */
export const PhoneLookupCard = () => {
  const { t } = useTranslation("service");
  const permissions = usePermissions();
  const [{ fetching }, lookUp] = useMutation(CUSTOMER_PHONE_LOOKUP_MUTATION);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [ticketFor, setTicketFor] = useState<Found | null>(null);
  const canCreate = permissions.canMutate("ticketCreate");
  const withContacts = permissions.has("Customer", "contacts") && permissions.has("Contact", "name");

  const search = async (value: string) => {
    const phone = value.trim();
    if (!phone) return;
    const result = await lookUp({
      input: { phone },
      withGrade: permissions.has("Customer", "grade"),
      withContacts,
      withPhones: withContacts && permissions.has("Contact", "phones"),
    });
    const payload = result.data?.customerPhoneLookup;
    const problem = mutationProblem({ error: result.error, payload });
    if (problem) {
      const text =
        problem.kind === "userErrors"
          ? problem.userErrors.map((error) => error.message).join(" ")
          : problem.kind === "failed"
            ? (problem.message ?? t("lookup.failed"))
            : t("lookup.failed");
      setOutcome({ phone, problem: text });
    } else {
      setOutcome({ phone, customers: payload?.customers ?? [] });
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <PhoneOutlined />
          {t("lookup.title")}
        </Space>
      }
      data-testid="phone-lookup"
    >
      <Flex vertical gap={12}>
        <Input.Search
          allowClear
          enterButton={t("lookup.submit")}
          inputMode="tel"
          placeholder={t("lookup.placeholder")}
          loading={fetching}
          onSearch={(value) => void search(value)}
          style={{ maxWidth: 480 }}
          data-testid="phone-lookup-input"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("lookup.hint")}
        </Typography.Text>
        {outcome && "problem" in outcome && <Alert type="warning" showIcon title={outcome.problem} data-testid="phone-lookup-problem" />}
        {outcome && "customers" in outcome && outcome.customers.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("lookup.none")} data-testid="phone-lookup-none" />
        )}
        {outcome && "customers" in outcome && outcome.customers.length > 0 && (
          <List
            dataSource={outcome.customers}
            rowKey="id"
            data-testid="phone-lookup-results"
            renderItem={(customer) => (
              <List.Item data-testid="phone-lookup-result">
                <Flex vertical gap={8} style={{ width: "100%" }}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text strong>{customer.name}</Typography.Text>
                    {customer.grade && <Tag color="gold">{customer.grade}</Tag>}
                  </Flex>
                  {(customer.contacts ?? []).map((contact) => (
                    <Typography.Text key={contact.id} type="secondary">
                      {contact.name}
                      {contact.title ? ` · ${contact.title}` : ""}
                      {contact.phones && contact.phones.length > 0 ? ` · ${contact.phones.join(", ")}` : ""}
                    </Typography.Text>
                  ))}
                  <Flex gap={8} wrap>
                    <Link to={`/customers/${encodeURIComponent(customer.id)}`} data-testid="phone-lookup-open">
                      <Button>{t("lookup.open")}</Button>
                    </Link>
                    {canCreate && (
                      <Button type="primary" onClick={() => setTicketFor(customer)} data-testid="phone-lookup-new-ticket">
                        {t("lookup.newTicket")}
                      </Button>
                    )}
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Flex>
      {ticketFor && outcome && (
        <TicketCreateModal
          customer={ticketFor}
          contactId={callerContactId(outcome.phone, ticketFor.contacts ?? [])}
          onClose={() => setTicketFor(null)}
        />
      )}
    </Card>
  );
};
