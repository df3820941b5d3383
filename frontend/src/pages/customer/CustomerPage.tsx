import { Alert, App, Button, Col, Flex, Grid, Result, Row, Skeleton, Spin } from "antd";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { ContactFormModal } from "../../modules/customers/components/ContactFormModal";
import { CustomerEditModal } from "../../modules/customers/components/CustomerEditModal";
import { CustomerHeader } from "../../modules/customers/components/CustomerHeader";
import { CustomerProfileCard } from "../../modules/customers/components/CustomerProfileCard";
import { CustomerProfileModal, writableProfileFields } from "../../modules/customers/components/CustomerProfileModal";
import { CustomerRecordActions } from "../../modules/customers/components/CustomerRecordActions";
import {
  ContactsCard,
  OpportunitiesCard,
  TicketsCard,
  type Customer360Contact,
} from "../../modules/customers/components/CustomerSectionCards";
import { CustomerTagEditor } from "../../modules/customers/components/CustomerTagEditor";
import { CustomerTasksCard } from "../../modules/customers/components/CustomerTasksCard";
import { CustomerTimelineCard } from "../../modules/customers/components/CustomerTimelineCard";
import { DuplicatesCard } from "../../modules/customers/components/DuplicatesCard";
import { OrdersCard } from "../../modules/customers/components/OrdersCard";
import {
  canSeeCustomerDuplicates,
  customer360Access,
  customerTimelineAccess,
  hasAll,
} from "../../modules/customers/utils/customerAccess";
import { CUSTOMER_360_QUERY } from "../../modules/customers/graphql/customer360Query";
import { useUnarchiveCustomer } from "../../modules/customers/hooks/useUnarchiveCustomer";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { CustomerPredictions } from "../../modules/predictions/components/CustomerPredictions";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { NewTicketButton } from "../../modules/service/components/NewTicketButton";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

const ContactMarketingDrawer = lazy(async () => ({
  default: (await import("../../modules/customers/components/ContactMarketingDrawer")).ContactMarketingDrawer,
}));

/** What the consent drawer reads of a contact (ContactMarketingConsents). */
const CONSENT_FIELDS = ["Contact.marketingConsents", ...["channel", "granted", "source", "grantedAt", "revokedAt", "updatedAt"].map((field) => `ContactConsent.${field}`)];

/** /customers/:id: the customer's 360° page. */
export const CustomerPage = () => (
  <App component={false}>
    <Customer360View />
  </App>
);

const Customer360View = () => {
  const { t } = useTranslation("customers");
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const access = useMemo(() => customer360Access(permissions), [permissions]);
  const timelineAccess = useMemo(() => customerTimelineAccess(permissions), [permissions]);
  const [{ data, error }, reexecute] = useQuery({ query: CUSTOMER_360_QUERY, variables: { id, ...access } });
  const [editing, setEditing] = useState(false);
  const [editingContact, setEditingContact] = useState<Customer360Contact | "new" | null>(null);
  const [marketingContact, setMarketingContact] = useState<Customer360Contact | null>(null);
  const [editingProfile, setEditingProfile] = useState(false);
  const format = useFormatters();
  const reload = () => reexecute({ requestPolicy: "network-only" });
  const unarchive = useUnarchiveCustomer(reload);
  // Bumped after a merge, so the timeline reloads with what moved in.
  const [timelineGeneration, setTimelineGeneration] = useState(0);
  // The predictions lead the side column on a wide screen, and come before the timeline on a narrow one.
  const wide = Grid.useBreakpoint().xl ?? false;

  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return (
      <Flex vertical gap={16} data-testid="customer-loading">
        <Skeleton active avatar paragraph={{ rows: 3 }} />
        <Skeleton active paragraph={{ rows: 8 }} />
      </Flex>
    );
  }

  const customer = data.customer;
  if (!customer) {
    return (
      <Result
        status="404"
        title={t("detail.notFound")}
        extra={
          <Link to="/customers">
            <Button type="primary">{t("detail.back")}</Button>
          </Link>
        }
        data-testid="customer-not-found"
      />
    );
  }
  // The id of a merged duplicate answers its survivor: show the survivor under its own address.
  if (customer.id !== id) return <Navigate to={`/customers/${customer.id}`} replace />;

  const canEdit = permissions.canMutate("customerUpdate");
  const canLog =
    permissions.canMutate("activityLog") && hasAll(permissions, ["Activity.kind", "Activity.subject"], "WRITE") && timelineAccess.withActivities;
  const withTimeline = hasAll(permissions, ["Customer.timeline"]);
  const withDuplicates = canSeeCustomerDuplicates(permissions);

  const canTag = access.withTags && permissions.canMutate("customerTag") && permissions.has("Customer", "tags", "WRITE");
  const canUntag = access.withTags && permissions.canMutate("customerUntag") && permissions.has("Customer", "tags", "WRITE");
  const canEditContacts = access.withContacts && permissions.canMutate("contactUpdate");
  // Consent is marketing's (the policy's Contact.marketing group): the action shows to those who may read it.
  const canSeeConsent = access.withContacts && hasAll(permissions, CONSENT_FIELDS);
  const profileWritable = permissions.canMutate("customerUpdate") ? writableProfileFields(customer, permissions.has) : new Set();
  const archivedAt = customer.archivedAt;

  // The follow-up task of a high churn risk is in the customer's task list (on this page, else on My tasks).
  const predictions = <CustomerPredictions customerId={customer.id} tasksHref={access.withTasks ? "#customer-tasks" : "/"} />;

  const onMerged = (survivorId: string) => {
    if (survivorId !== customer.id) void navigate(`/customers/${survivorId}`);
    else setTimelineGeneration((generation) => generation + 1);
  };

  return (
    <Flex vertical gap={16} data-testid="customer-page">
      {archivedAt && (
        <Alert
          type="warning"
          showIcon
          title={t("archive.banner", { date: format.date(archivedAt) })}
          action={
            permissions.canMutate("customerUnarchive") && (
              <Button size="small" onClick={() => void unarchive(customer)} data-testid="customer-unarchive">
                {t("archive.unarchive")}
              </Button>
            )
          }
          data-testid="customer-archived"
        />
      )}
      <CustomerHeader
        customer={customer}
        access={access}
        onEdit={canEdit ? () => setEditing(true) : undefined}
        tagEditor={
          (canTag || canUntag) && (
            <CustomerTagEditor
              customerId={customer.id}
              tags={customer.tags ?? []}
              canTag={canTag}
              canUntag={canUntag}
              canListTags={permissions.canQuery("tags")}
              onChanged={reload}
            />
          )
        }
        actions={
          <CustomerRecordActions
            customer={customer}
            canArchive={permissions.canMutate("customerArchive")}
            canRelease={access.withPoolStatus && access.withOwner && permissions.canMutate("poolRelease")}
            onChanged={reload}
            onReleased={() => void navigate("/customers")}
          />
        }
      />
      {!wide && predictions}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          {withTimeline && (
            <CustomerTimelineCard
              key={`${customer.id}:${timelineGeneration}`}
              customerId={customer.id}
              access={timelineAccess}
              canLog={canLog}
              contacts={access.withContacts ? (customer.contacts ?? []) : []}
            />
          )}
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            {wide && predictions}
            {access.withContacts && (
              <ContactsCard
                contacts={customer.contacts ?? []}
                withPhones={access.withPhones}
                withEmails={access.withEmails}
                onAdd={permissions.canMutate("contactCreate") ? () => setEditingContact("new") : undefined}
                onEdit={canEditContacts ? setEditingContact : undefined}
                onMarketing={canSeeConsent ? setMarketingContact : undefined}
              />
            )}
            <CustomerProfileCard
              customer={customer}
              access={access}
              onEdit={profileWritable.size > 0 ? () => setEditingProfile(true) : undefined}
            />
            {access.withOrders && <OrdersCard orders={customer.orders?.nodes ?? []} amounts={access.withOrderAmounts} />}
            {access.withOpportunities && <OpportunitiesCard opportunities={customer.opportunities ?? []} />}
            <NewTicketButton customer={customer} />
            {access.withTickets && <TicketsCard tickets={customer.tickets ?? []} />}
            {access.withTasks && (
              <div id="customer-tasks" style={{ scrollMarginTop: 72 }}>
                <CustomerTasksCard
                  customerId={customer.id}
                  tasks={customer.tasks ?? []}
                  opportunities={(customer.opportunities ?? []).filter((opportunity) => opportunity.status === "OPEN")}
                  withTaskOpportunity={access.withTaskOpportunity}
                  onChanged={reload}
                />
              </div>
            )}
            {withDuplicates && (
              <DuplicatesCard
                customer={{ id: customer.id, name: customer.name }}
                withOwner={access.withOwner}
                withCreatedAt={access.withCreatedAt}
                canMerge={permissions.canMutate("customerMerge")}
                onMerged={onMerged}
              />
            )}
          </Flex>
        </Col>
      </Row>
      {canEdit && (
        <CustomerEditModal
          key={customer.version}
          open={editing}
          customer={customer}
          onClose={() => setEditing(false)}
          onReload={reload}
        />
      )}
      {editingContact && (
        <ContactFormModal
          key={editingContact === "new" ? "new" : `${editingContact.id}:${editingContact.version}`}
          customerId={customer.id}
          contact={editingContact === "new" ? null : editingContact}
          onClose={() => setEditingContact(null)}
          onSaved={reload}
        />
      )}
      {marketingContact && (
        <Suspense fallback={<Spin fullscreen />}>
          <ContactMarketingDrawer
            customerId={customer.id}
            contact={marketingContact}
            canSet={permissions.canMutate("contactConsentSet")}
            canReadLedger={permissions.canQuery("contactMarketingLedger")}
            onClose={() => setMarketingContact(null)}
          />
        </Suspense>
      )}
      {editingProfile && (
        <CustomerProfileModal key={customer.version} customer={customer} onClose={() => setEditingProfile(false)} onSaved={reload} />
      )}
    </Flex>
  );
};
