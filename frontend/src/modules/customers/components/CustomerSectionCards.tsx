import {
  ClockCircleOutlined,
  CustomerServiceOutlined,
  EditOutlined,
  FundOutlined,
  NotificationOutlined,
  PlusOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Button, Card, Empty, Flex, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useFormatters } from "../../format/hooks/useFormatters";
import { GuardedField } from "../../permissions/components/GuardedField";
import type { Customer360 } from "../types/Customer360";
import { zoneName } from "../utils/timeZoneOptions";

type Contacts = NonNullable<Customer360["contacts"]>;
export type Customer360Contact = Contacts[number];

const rowStyle = { paddingBlock: 8, borderBottom: "1px solid rgba(5, 5, 5, 0.06)" } as const;

/** Contacts with their phones and emails as the viewer may see them (masked ones carry a lock). */
type ContactsCardProps = {
  contacts: Contacts;
  withPhones: boolean;
  withEmails: boolean;
  /** Offers to add a contact. */
  onAdd?: () => void;
  /** Offers to edit each contact. */
  onEdit?: (contact: Customer360Contact) => void;
  /** Offers each contact's marketing consent and send ledger. */
  onMarketing?: (contact: Customer360Contact) => void;
};

export const ContactsCard = ({ contacts, withPhones, withEmails, onAdd, onEdit, onMarketing }: ContactsCardProps) => {
  const { t, i18n } = useTranslation("customers");
  return (
    <Card
      title={t("contacts.title")}
      size="small"
      extra={
        onAdd && (
          <Button size="small" icon={<PlusOutlined />} onClick={onAdd} data-testid="contact-add">
            {t("contactForm.add")}
          </Button>
        )
      }
      data-testid="customer-section-contacts"
    >
      {contacts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("contacts.empty")} />
      ) : (
        contacts.map((contact) => (
          <div key={contact.id} style={rowStyle} data-testid="contact">
            <Flex justify="space-between" align="flex-start" gap={8}>
              <Space size={6} wrap>
                <UserOutlined />
                <Typography.Text strong>{contact.name}</Typography.Text>
                {contact.title && <Typography.Text type="secondary">{contact.title}</Typography.Text>}
                {contact.isPrimary && <Tag color="blue">{t("contacts.primary")}</Tag>}
                {contact.timeZone && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} title={t("contacts.timeZone", { zone: contact.timeZone })} data-testid="contact-time-zone">
                    <ClockCircleOutlined /> {zoneName(contact.timeZone, i18n.language)}
                  </Typography.Text>
                )}
              </Space>
              <Space size={0}>
                {onMarketing && (
                  <Button
                    size="small"
                    type="text"
                    icon={<NotificationOutlined />}
                    aria-label={t("contacts.marketing")}
                    title={t("contacts.marketing")}
                    onClick={() => onMarketing(contact)}
                    data-testid="contact-marketing"
                  />
                )}
                {onEdit && (
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={t("contactForm.editTitle")}
                    onClick={() => onEdit(contact)}
                    data-testid="contact-edit"
                  />
                )}
              </Space>
            </Flex>
            {withPhones && contact.phones && (
              <div>
                <Typography.Text type="secondary">{t("contacts.phones")}</Typography.Text>
                {contact.phones.length === 0 ? (
                  <Typography.Text type="secondary">{t("contacts.none")}</Typography.Text>
                ) : (
                  contact.phones.map((phone) => (
                    <span key={phone} style={{ marginInlineEnd: 12 }} data-testid="contact-phone">
                      <GuardedField type="Contact" field="phones">
                        {phone}
                      </GuardedField>
                    </span>
                  ))
                )}
              </div>
            )}
            {withEmails && contact.emails && (
              <div>
                <Typography.Text type="secondary">{t("contacts.emails")}</Typography.Text>
                {contact.emails.length === 0 ? (
                  <Typography.Text type="secondary">{t("contacts.none")}</Typography.Text>
                ) : (
                  contact.emails.map((email) => (
                    <span key={email} style={{ marginInlineEnd: 12 }} data-testid="contact-email">
                      <GuardedField type="Contact" field="emails">
                        {email}
                      </GuardedField>
                    </span>
                  ))
                )}
              </div>
            )}
          </div>
        ))
      )}
    </Card>
  );
};

type Opportunities = NonNullable<Customer360["opportunities"]>;

/** Open opportunities with this customer; the pipeline is where they are worked. */
export const OpportunitiesCard = ({ opportunities }: { opportunities: Opportunities }) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  const open = opportunities.filter((opportunity) => opportunity.status === "OPEN");
  return (
    <Card
      title={t("opportunities.title")}
      size="small"
      extra={<Link to="/pipeline">{t("opportunities.viewPipeline")}</Link>}
      data-testid="customer-section-opportunities"
    >
      {open.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("opportunities.empty")} />
      ) : (
        open.map((opportunity) => (
          <Flex key={opportunity.id} justify="space-between" gap={8} style={rowStyle} data-testid="opportunity">
            <Space orientation="vertical" size={0}>
              <Space size={6}>
                <FundOutlined />
                <Link to={`/opportunities/${opportunity.id}`} data-testid="opportunity-link">
                  {opportunity.name}
                </Link>
              </Space>
              <Typography.Text type="secondary">
                {opportunity.stage?.name}
                {opportunity.expectedClose && ` · ${t("opportunities.expectedClose", { date: format.date(opportunity.expectedClose) })}`}
              </Typography.Text>
            </Space>
            <Typography.Text strong style={{ flexShrink: 0 }}>
              {format.money(opportunity.amount)}
            </Typography.Text>
          </Flex>
        ))
      )}
    </Card>
  );
};

type Tickets = NonNullable<Customer360["tickets"]>;

const PRIORITY_COLORS = { LOW: "default", NORMAL: "blue", HIGH: "orange", URGENT: "red" } as const;

/** Open service tickets of this customer, each linking to its page in the service console. */
export const TicketsCard = ({ tickets }: { tickets: Tickets }) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  return (
    <Card title={t("tickets.title")} size="small" data-testid="customer-section-tickets">
      {tickets.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("tickets.empty")} />
      ) : (
        tickets.map((ticket) => (
          <div key={ticket.id} style={rowStyle} data-testid="ticket">
            <Space size={6} wrap>
              <CustomerServiceOutlined />
              <Link to={`/service/tickets/${ticket.id}`}>
                {ticket.number} {ticket.subject}
              </Link>
            </Space>
            <Space size={4} wrap>
              <Tag>{t(`ticketStatus.${ticket.status}`)}</Tag>
              <Tag color={PRIORITY_COLORS[ticket.priority]}>{t(`priority.${ticket.priority}`)}</Tag>
              <Typography.Text type="secondary">{format.relative(ticket.createdAt)}</Typography.Text>
            </Space>
          </div>
        ))
      )}
    </Card>
  );
};
